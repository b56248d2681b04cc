namespace Bookings.Store.Graph.Check;

/// <summary>One assumption of the store: what it says, the documentation it rests on, and what the store does when it does not hold.</summary>
internal sealed record Assumption(string Id, string Text, string Documentation, string WhenItFails);

/// <summary>
/// The assumptions <see cref="GraphCheck"/> tries, in the order it reports them. Each names the Microsoft Graph v1.0 page it rests on
/// (or, where the documentation is silent, the report that shows the behaviour; docs/graph-conformance.md has the emulator's readings).
/// </summary>
internal static class CheckAssumptions
{
    private const string Api = "https://learn.microsoft.com/graph/api/";
    private const string Concepts = "https://learn.microsoft.com/graph/";

    public static readonly Assumption Open = new("open", "The app can open the mailbox (its mail folders, hidden ones included)",
        Api + "user-list-mailfolders", "The store cannot use this mailbox as a calendar.");
    public static readonly Assumption Clock = new("clock", "This machine's clock is within a minute of Exchange's (the Date header)",
        "https://www.rfc-editor.org/rfc/rfc9110#field.date",
        "Dispatcher leases are taken over a minute after they run out, and claims count as abandoned 3 minutes after they were made, by each " +
        "host's own clock: hosts further apart could dispatch one mailbox twice at once (a message may go twice) or take a slow claim for " +
        "abandoned. Keep the hosts on NTP.");
    public static readonly Assumption HiddenFolder = new("hidden-folder", "A hidden mail folder can be created (isHidden: true)",
        Api + "user-post-mailfolders", "The store keeps calendar documents, the outbox and the audit log in a hidden folder: it cannot work in this mailbox.");
    public static readonly Assumption HiddenListing = new("hidden-listing", "A hidden folder is listed only with includeHiddenFolders=true",
        Api + "user-list-mailfolders", "The store would not find its folder again and would make another one each time.");
    public static readonly Assumption FolderExists = new("folder-exists",
        "A second folder of the same name is refused with 409 (not documented; the store's answer to two instances creating its folder at once)",
        Api + "user-post-mailfolders",
        "Two instances creating a calendar's folder at the same moment could make two; each would keep items where the other does not look.");
    public static readonly Assumption Message = new("message", "A draft message with a text body and extended properties can be written in the folder",
        Api + "mailfolder-post-messages", "The store cannot keep a calendar document in this mailbox.");
    public static readonly Assumption MessageBody = new("message-body",
        "A message's text body reads back exactly with Prefer: outlook.body-content-type=\"text\"", Api + "message-get",
        "Calendar documents could not be read back: the store cannot work here.");
    public static readonly Assumption Expand = new("expand", "Extended properties written with an item are read back with $expand",
        Api + "singlevaluelegacyextendedproperty-get", "The store keeps its ids and states in extended properties: it cannot work here.");
    public static readonly Assumption FilterMessages = new("filter-messages", "An equality $filter on a string extended property finds messages",
        Api + "singlevaluelegacyextendedproperty-get",
        "Document versions, directory entries, outbox messages, leases and the audit log are found that way: the store cannot work here.");
    public static readonly Assumption ListBody = new("list-body", "A listed message's body reads back as the same text (HTML or not)",
        Api + "user-list-messages", "Outbox messages and audit entries read from lists would be misread.");
    public static readonly Assumption Case = new("case",
        "Extended-property values compare ignoring case: the store filters only on lower-case hex keys and literals of its own",
        Api + "singlevaluelegacyextendedproperty-get", "Nothing: every value the store filters on compares the same either way.");
    public static readonly Assumption RangeFilter = new("range", "Range operators (ge, lt) on string extended properties are not used",
        Api + "singlevaluelegacyextendedproperty-get", "Nothing: the audit log is found by month (equality), never by a range.");
    public static readonly Assumption PatchSome = new("patch-some",
        "A PATCH of some extended properties of a message, without If-Match, leaves the others as they were (a 412 from Exchange alone is retried)",
        Api + "message-update", "The dispatcher and the writers of an item share it property by property: messages could be lost.");
    public static readonly Assumption PatchBody = new("patch-body", "A PATCH of a draft message's body replaces it and moves its changeKey",
        Api + "message-update",
        "Staff calendar sync states are saved that way, and other instances re-read them only when the changeKey moves: sync states would " +
        "not be saved, or other instances would keep an old copy.");
    public static readonly Assumption Paging = new("paging", "Lists continue through @odata.nextLink until every item is read ($top=1 here)",
        Concepts + "paging", "The store would miss items past the first page of a list: documents, records and messages of a busy mailbox.");
    public static readonly Assumption Event = new("event",
        "An event without attendees, shaped as the store's records (free, private, a category, transactionId), can be written",
        Api + "user-post-events", "Bookings, holds and time off are such events: the store cannot book in this mailbox.");
    public static readonly Assumption NoMail = new("no-mail",
        "Writing an event without attendees (records, holds, time off) mails nobody", Api + "event-update",
        "Such an event names nobody to mail. The events staff and customers are invited to are written by the dispatcher alone, and only " +
        "when what they see changes (time, staff, who is invited, cancelled).");
    public static readonly Assumption ReadYourWrites = new("read-your-writes",
        "A new event is in every calendarView read after its POST was answered (the store's read: $select=id,start,end, $top=250, $expand)",
        Api + "user-list-calendarview",
        "Hold-and-verify rests on it: a hold missing from a read could let two bookings of one slot both win. Do not use this tenant until this passes.");
    public static readonly Assumption Utc = new("utc",
        "calendarView gives start and end in UTC, as written, when no Prefer: outlook.timezone is sent",
        Api + "user-list-calendarview", "Appointments and time off would be read at the wrong time.");
    public static readonly Assumption SelectCreated = new("select-created",
        "calendarView is never asked to $select createdDateTime (documented as unsupported)", Api + "user-list-calendarview",
        "Nothing: claims are ordered by their own Order property.");
    public static readonly Assumption FilterEvents = new("filter-events",
        "An equality $filter on a string extended property finds events on /events (with the store's $expand of 13 properties)",
        Api + "singlevaluelegacyextendedproperty-get",
        "Appointments, manage links, idempotency keys and the dispatcher's work are found that way: the store cannot work here.");
    public static readonly Assumption PatchOwn = new("patch-own",
        "A PATCH of extended properties of an event just created succeeds without If-Match and keeps the others (a 412 from Exchange alone is retried)",
        Api + "event-update",
        "Settling a hold would fail and the booking be refused (slot_taken): nothing is double-booked, but nothing is booked either.");
    public static readonly Assumption LargeProperty = new("large-property",
        "A 64 KB string extended property is stored and read back whole (an appointment's outbox holds whole messages)",
        Api + "singlevaluelegacyextendedproperty-post-singlevalueextendedproperties",
        "Bookings whose messages are large (long templates, many seats) could fail to settle and be refused.");
    public static readonly Assumption TransactionId = new("transaction-id",
        "A replayed event POST (same transactionId) is recognised, whatever Exchange answers", Api + "resources/event",
        "Nothing: a hold carries its claim order, so copies are recognised and deleted.");
    public static readonly Assumption DeleteEvent = new("delete-event", "A deleted event is gone from the next calendarView read",
        Api + "event-delete",
        "A withdrawn hold would block its slot until it counts as abandoned (3 minutes): that time would answer slot_taken meanwhile.");
    public static readonly Assumption Teams = new("teams", "The mailbox's calendar allows Teams meetings (allowedOnlineMeetingProviders)",
        Concepts + "outlook-calendar-online-meetings",
        "Online services get no Teams link here: messages carry the service's meeting link, or say that the business sends it.");
    public static readonly Assumption TeamsLink = new("teams-link",
        "An online event without attendees gets its Teams join link in the create answer", Concepts + "outlook-calendar-online-meetings",
        "Confirmations of online services carry no Teams link: they carry the service's meeting link, or say that the business sends it.");
    public static readonly Assumption ContactFolder = new("contact-folder", "A contact folder can be created and is found again by name",
        Api + "user-post-contactfolders", "Customers cannot be kept: bookings still work, the customer list stays empty.");
    public static readonly Assumption Contacts = new("contacts",
        "A contact is found by its address (emailAddresses/any) with its extended property", Api + "user-list-contacts",
        "A returning customer would get a second contact and a new customer id; bookings are not affected.");
    public static readonly Assumption ContactUpdate = new("contact-update", "A PATCH of a contact changes its name and phone",
        Api + "contact-update", "A customer's new name or phone would not reach the customer list; bookings carry them anyway.");
    public static readonly Assumption Top = new("top",
        "The page sizes the store asks for are accepted ($top=250 on messages and calendarView, 100 on events, folders and contacts)",
        Api + "user-list-messages", "That list fails: the store cannot read it until its page size is lowered (please report it).");
    public static readonly Assumption FreeBusy = new("free-busy",
        "getSchedule answers for the mailbox without an error (the store's reader: UTC, 60-minute view)", Api + "calendar-getschedule",
        "Staff without an ICS feed cannot be synced: their own calendars do not block their slots (bookings sync status says why).");
    public static readonly Assumption SendMail = new("send-mail", "sendMail sends as the mailbox (Mail:Channel=Graph)", Api + "user-sendmail",
        "Not tried: it would mail someone. With Mail:Channel=Graph, a refused message stays in the outbox with Graph's answer " +
        "(bookings outbox list); the first confirmation shows whether it works.");
    public static readonly Assumption DeleteMessage = new("delete-message", "A deleted draft message is gone from its folder's filtered reads",
        Api + "message-delete", "Old document versions, leases and resend requests would pile up in the hidden folder and slow its reads.");
    public static readonly Assumption DeleteFolder = new("delete-folder",
        "A deleted mail folder is gone from the mailbox's folders (how the store forgets a deleted calendar)",
        Api + "mailfolder-delete",
        "A deleted calendar's hidden folder (documents, outbox, audit log) would stay in the mailbox: IT removes it by hand.");
    public static readonly Assumption DirectoryMailbox = new("directory", "The directory mailbox (Graph:DirectoryMailbox) can be opened",
        Api + "user-list-mailfolders", "No calendar can be listed or created: Graph:DirectoryMailbox must be a mailbox in the app's scope.");
    public static readonly Assumption CleanUp = new("clean-up", "Every scratch item of this run is removed (found again by its tag)",
        Api + "event-delete", "Delete what is left by hand: its name starts with 'Bookings check' and the run's tag.");

    /// <summary>Every assumption in the order a run reports them.</summary>
    public static IReadOnlyList<string> Ids { get; } =
    [
        Open.Id, Clock.Id, HiddenFolder.Id, HiddenListing.Id, FolderExists.Id, Message.Id, MessageBody.Id, Expand.Id, FilterMessages.Id,
        ListBody.Id, Case.Id, RangeFilter.Id, PatchSome.Id, PatchBody.Id, Paging.Id, DeleteMessage.Id, Event.Id, NoMail.Id, ReadYourWrites.Id,
        Utc.Id, SelectCreated.Id, FilterEvents.Id, PatchOwn.Id, LargeProperty.Id, TransactionId.Id, DeleteEvent.Id, Teams.Id, TeamsLink.Id,
        ContactFolder.Id, Contacts.Id, ContactUpdate.Id, Top.Id, FreeBusy.Id, SendMail.Id, DeleteFolder.Id, DirectoryMailbox.Id, CleanUp.Id,
    ];
}
