using Bookings.Core.Calendars;
using Bookings.Core.Demo;
using Bookings.Core.Notifications;
using Bookings.Core.Store;

namespace Bookings.Store.Tests.Contract;

// Calendars, booking commands and composers for the store tests.
public static class TestData
{
    // Monday 2 March 2026, 08:00 UTC: the clock every test starts at.
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    // A UTC instant on Tuesday 3 March 2026, the day most bookings land on.
    public static DateTimeOffset Tuesday(int hour, int minute = 0) => new(2026, 3, 3, hour, minute, 0, TimeSpan.Zero);

    public static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    // The demo calendar (staff anna, piotr, maria; services consult and workshop) under another slug and address.
    public static CalendarDocument Calendar(string slug = "contoso")
    {
        var doc = DemoCalendar.Create();
        doc.Slug = slug;
        doc.Id = null;
        return doc;
    }

    // A one-seat consultation of 30 minutes for a new customer; change it with with.
    public static BookingCommand Consult(Mailbox mailbox, DateTimeOffset start, string staffId = "anna", string? email = null)
    {
        var n = Guid.NewGuid().ToString("N")[..12];
        var attendee = new Attendee(
            Id: $"a-{n}",
            CustomerId: $"c-{n}",
            Name: $"Customer {n}",
            Email: email ?? $"{n}@example.com",
            Phone: null,
            TimeZone: "Europe/Warsaw",
            Notes: null,
            Answers: new Dictionary<string, string> { ["topic"] = "Taxes" },
            ConsentAt: Now,
            SmsOptIn: false,
            ManageTokenHash: $"hash-{n}",
            Status: AttendeeStatus.Booked,
            CreatedAt: Now);
        return new BookingCommand(
            MailboxId: mailbox.Id,
            ServiceId: "consult",
            StaffId: staffId,
            Start: start,
            End: start + HalfHour,
            PreBuffer: TimeSpan.Zero,
            PostBuffer: TimeSpan.Zero,
            Seats: 1,
            NewAppointmentId: $"apt-{n}",
            Attendee: attendee,
            Customer: new Customer(attendee.CustomerId, mailbox.Id, attendee.Name, attendee.Email, attendee.Phone),
            Caps: [],
            Idempotency: null);
    }

    // A seat in the one-hour workshop of five seats.
    public static BookingCommand Workshop(Mailbox mailbox, DateTimeOffset start, string staffId = "anna") =>
        Consult(mailbox, start, staffId) with { ServiceId = "workshop", End = start.AddHours(1), Seats = 5 };

    public static BookingCommand WithIdempotencyKey(this BookingCommand command, string key, DateTimeOffset expiresAt) =>
        command with { Idempotency = new IdempotencyRecord(key, $"fingerprint-{command.Attendee.Id}", "", command.Attendee.Id, $"protected-{command.Attendee.Id}", expiresAt) };

    public static readonly OutboxComposer NoMessages = (_, _) => [];

    // One email per change, keyed by kind, appointment and attendee, due at once.
    public static OutboxComposer Email(string kind) => (appointment, attendee) =>
    [
        new OutboxMessage($"m-{kind}-{attendee.Id}", appointment.MailboxId, $"{kind}:{appointment.Id}:{attendee.Id}", "email", kind,
            $$"""{"to":"{{attendee.Email}}"}""", Now, Now),
    ];

    public static OutboxMessage Message(Mailbox mailbox, string id, DateTimeOffset dueAt) =>
        new(id, mailbox.Id, $"test:{id}", "email", "reminder", "{}", Now, dueAt);

    // A calendar whose consultation sends a reminder a day ahead and SMS to Polish numbers, and a consultation booked there by a
    // customer who opted in to SMS, with the messages an earlier version composed for it: the manage link in clear, in the
    // email's text, HTML and .ics (folded across lines there) and in the SMS; the reminders wait for Monday 09:00.
    public static async Task<(Mailbox Mailbox, BookingCommand Command, OutboxComposer Composer)> WithClearManageLinksAsync(IMailboxStore store, string manageUrl)
    {
        var doc = Calendar();
        var consult = doc.FindService("consult")!;
        consult.Reminders = [new BookingReminder { Offset = TimeSpan.FromDays(1), Recipients = BookingReminderRecipients.Customer }];
        consult.SmsNotificationsEnabled = true;
        doc.SmsAllowedRegions = ["PL"];
        var mailbox = await store.CreateMailboxAsync(doc);
        var command = Consult(mailbox, Tuesday(9));
        command = command with { Attendee = command.Attendee with { Phone = "+48600100200", SmsOptIn = true } };
        return (mailbox, command, (appointment, attendee) => new NotificationComposer().Booked(mailbox, appointment, attendee, manageUrl, Now));
    }

    // The invitations an earlier version composed for these staff members of the mailbox: the accept and decline links in clear,
    // in the email's text and HTML.
    public static IReadOnlyList<OutboxMessage> WithClearInvitationLinks(Mailbox mailbox, string invitationUrl, params string[] staffIds) =>
        [.. staffIds.SelectMany(id => new NotificationComposer().StaffInvited(mailbox, mailbox.Document.FindStaff(id)!, invitationUrl, invitationUrl, Now))];

    /// <summary>Everything a message holds as stored (not as shown), in every part: subject, text, HTML, .ics unfolded, SMS.</summary>
    public static string AllText(OutboxMessage message)
    {
        if (message.Channel == SmsMessage.Channel) return SmsMessage.FromJson(message.Payload).Body;
        var email = EmailMessage.FromJson(message.Payload);
        return string.Join("\n", [email.Subject, email.TextBody, email.HtmlBody, .. email.Attachments.Select(a => a.Content.Replace("\r\n ", "", StringComparison.Ordinal))]);
    }
}
