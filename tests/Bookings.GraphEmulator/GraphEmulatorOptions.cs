namespace Bookings.GraphEmulation;

/// <summary>What <c>If-Match</c> on PATCH of an event or a message does. The update pages list only Authorization and
/// Content-Type (api-reference/v1.0/api/event-update.md, message-update.md); tenants are seen answering 412 to a stale
/// change key (mguessan/davmail#491, KeepSoftwareSimple/compass-calendar#3665).</summary>
public enum IfMatchMode
{
    /// <summary>A stale change key answers <c>412 ErrorIrresolvableConflict</c>; <c>*</c> matches anything.</summary>
    Honoured,
    /// <summary>The header is not looked at: the PATCH is applied.</summary>
    Ignored,
    /// <summary>A PATCH that carries the header is refused with 400.</summary>
    Refused,
}

/// <summary>What a second POST of an event with a <c>transactionId</c> already used in the mailbox answers
/// (resources/event.md says what it is for, not what a replay answers).</summary>
public enum TransactionIdReplay
{
    /// <summary>201 with the first event again; nothing is created.</summary>
    SameEvent,
    /// <summary>409 Conflict; nothing is created.</summary>
    Conflict,
    /// <summary>A second event is created with the same transactionId.</summary>
    Duplicate,
}

/// <summary>What <c>$select</c> of <c>createdDateTime</c> or <c>lastModifiedDateTime</c> on events does
/// (api-reference/v1.0/api/calendar-list-calendarview.md: "do not support $select").</summary>
public enum UnsupportedSelect
{
    /// <summary>400.</summary>
    Refused,
    /// <summary>200 without those two properties.</summary>
    LeftOut,
}

/// <summary>Whether <c>Prefer: outlook.body-content-type</c> is honoured on list calls (documented on the list pages,
/// reported ignored in microsoftgraph/microsoft-graph-docs#4156). GET of one item always honours it.</summary>
public enum ListBodyPreference
{
    Honoured,
    Ignored,
}

/// <summary>A sendMail over the mailbox's per-minute message rate.</summary>
public enum SendRateExceeded
{
    /// <summary>429 with Retry-After (what a caller must be ready for).</summary>
    Throttled,
    /// <summary>202; the message is recorded as deferred to a later minute (Exchange Online limits: "carried over to the
    /// following minutes", MicrosoftDocs/OfficeDocs-Support#1150).</summary>
    Deferred,
}

/// <summary>Whether a $filter that the documentation does not describe for a resource is refused or evaluated.</summary>
public enum UndocumentedFilter
{
    Refused,
    Allowed,
}

/// <summary>
/// The emulator's switches. Documented behaviour is always on; these choose a reading where the documentation is silent
/// (docs/graph-conformance.md, "Switches where the documentation is silent"). Replace the whole record to change one
/// mid-test: <c>emulator.Options = emulator.Options with { IfMatch = IfMatchMode.Refused };</c>
/// </summary>
public sealed record GraphEmulatorOptions
{
    /// <summary>Real time each request waits before it is answered (while it counts as in flight), so races are real.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(3);

    /// <summary>Domain of the scheduling mailboxes POST bookingBusinesses makes (bookingbusiness-post-bookingbusinesses.md).</summary>
    public string TenantDomain { get; init; } = "contoso.onmicrosoft.com";

    // ---- throttling (concepts/throttling-limits.md, "Outlook service limits") ----

    /// <summary>Refuse a request over <see cref="MaxConcurrentRequestsPerMailbox"/> with 429 ApplicationThrottled.</summary>
    public bool ConcurrencyThrottling { get; init; } = true;
    public int MaxConcurrentRequestsPerMailbox { get; init; } = 4;
    /// <summary>Requests per mailbox per 10 minutes of the emulator's clock; null turns the budget off.</summary>
    public int? RequestBudgetPer10Minutes { get; init; } = 10_000;
    /// <summary>The Retry-After of throttling answers (whole seconds on the wire, rounded up).</summary>
    public TimeSpan ThrottleRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    // ---- conditional writes ----

    public IfMatchMode IfMatch { get; init; } = IfMatchMode.Honoured;
    /// <summary>Exchange rewrites a new item's change key by itself a little after creating it
    /// (compass-calendar#3673/#3675). Null: never. Measured on <see cref="RotationClock"/>; the key is rotated once, on the
    /// first request that touches the item after the delay (so with the emulator's clock it is deterministic).</summary>
    public TimeSpan? ChangeKeyRotationAfterCreate { get; init; }
    public EmulatorClock RotationClock { get; init; } = EmulatorClock.Emulator;
    /// <summary>The first PATCH of an item within this long after its creation (emulator clock) answers a spurious
    /// 412 ErrorIrresolvableConflict, with or without If-Match, and is not applied (davmail#491).</summary>
    public TimeSpan? SpuriousConflictWithinCreation { get; init; }
    /// <summary>Every k-th PATCH in the emulator (counted over all mailboxes) answers a spurious 412 and is not applied.</summary>
    public int? SpuriousConflictEveryKthPatch { get; init; }

    public TransactionIdReplay TransactionIdReplay { get; init; } = TransactionIdReplay.SameEvent;

    // ---- reading ----

    public UnsupportedSelect EventTimestampSelect { get; init; } = UnsupportedSelect.Refused;
    public ListBodyPreference ListBodyContentType { get; init; } = ListBodyPreference.Ignored;
    /// <summary>Largest number of <c>singleValueExtendedProperties/any(…)</c> lambdas in one $filter before
    /// 400 ErrorRestrictionTooComplex (davmail#501/#509 show the error, no number is documented).</summary>
    public int MaxExtendedPropertyClauses { get; init; } = 10;
    /// <summary>String extended-property filters are documented for message and event only
    /// (singlevaluelegacyextendedproperty-get.md); on contacts they are refused unless allowed.</summary>
    public UndocumentedFilter ContactExtendedPropertyFilter { get; init; } = UndocumentedFilter.Refused;
    /// <summary>$filter on calendarView is not documented (the extended-property page lists /events);
    /// msgraph-sdk-dotnet#2375 reports 500s. Refused (400) unless allowed.</summary>
    public UndocumentedFilter CalendarViewFilter { get; init; } = UndocumentedFilter.Refused;

    // ---- meeting mail (event-update.md, "attendees property and meeting updates"; microsoft-graph-docs#2309) ----

    /// <summary>On: every PATCH of an event with attendees sends an update to each remaining attendee. Off: only a change
    /// of start, end, location(s) or body does; a PATCH of only attendees mails only the attendees that changed.</summary>
    public bool MeetingUpdateOnEveryPatch { get; init; }
    /// <summary>Attendees that are mailboxes of the emulator get a copy of the meeting in their calendar
    /// (tentative; updated and removed with the organizer's event), so their free/busy shows it.</summary>
    public bool DeliverMeetingsToAttendeeMailboxes { get; init; } = true;

    // ---- mail ----

    /// <summary>Exchange Online sending limit: messages per minute per mailbox.</summary>
    public int MaxMessagesPerMinute { get; init; } = 30;
    public SendRateExceeded SendRateExceeded { get; init; } = SendRateExceeded.Throttled;

    // ---- delta (event-delta.md, concepts/delta-query-overview.md) ----

    /// <summary>Delta tokens older than this (emulator clock) answer 410 syncStateNotFound; null: they live until
    /// <see cref="GraphEmulator.ExpireDeltaTokens"/>.</summary>
    public TimeSpan? DeltaTokenLifetime { get; init; }

    /// <summary>Documented behaviour; where the documentation is silent, the reading a careful client expects.</summary>
    public static GraphEmulatorOptions Strict { get; } = new();

    /// <summary>Every silent point takes the reading that breaks a client which relies on it: the change key moves right
    /// after a create, a PATCH soon after a create or every 7th PATCH answers 412, a transactionId replay makes a second
    /// event, every PATCH of a meeting mails its attendees, send-rate excess is throttled.</summary>
    public static GraphEmulatorOptions Hostile { get; } = new()
    {
        ChangeKeyRotationAfterCreate = TimeSpan.Zero,
        SpuriousConflictWithinCreation = TimeSpan.FromSeconds(5),
        SpuriousConflictEveryKthPatch = 7,
        TransactionIdReplay = TransactionIdReplay.Duplicate,
        MeetingUpdateOnEveryPatch = true,
        MaxExtendedPropertyClauses = 4,
    };

    /// <summary>Every silent point answers with a refusal: If-Match is refused, a transactionId replay conflicts, timestamps
    /// in $select are refused, undocumented filters are refused.</summary>
    public static GraphEmulatorOptions Refusing { get; } = new()
    {
        IfMatch = IfMatchMode.Refused,
        TransactionIdReplay = TransactionIdReplay.Conflict,
        EventTimestampSelect = UnsupportedSelect.Refused,
        ContactExtendedPropertyFilter = UndocumentedFilter.Refused,
        CalendarViewFilter = UndocumentedFilter.Refused,
    };
}

/// <summary>Which clock measures a delay: the emulator's TimeProvider (the test's FakeTimeProvider, deterministic) or real time.</summary>
public enum EmulatorClock
{
    Emulator,
    Real,
}
