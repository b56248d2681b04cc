using System.Security.Cryptography;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Notifications;

/// <summary>
/// The emails of a booking change: one to the customer it concerns and one to the staff member,
/// each with an .ics. Other customers of a group appointment are never written to or named.
/// </summary>
public sealed class NotificationComposer : INotificationComposer
{
    public IReadOnlyList<OutboxMessage> Booked(Mailbox mailbox, Appointment appointment, Attendee attendee, string manageUrl, DateTimeOffset now)
    {
        var change = new Change(mailbox, appointment, attendee, now);
        var messages = new List<OutboxMessage>(2);
        if (change.CustomerAddress is not null)
            messages.Add(change.ToCustomer(NotificationKinds.BookingCustomer, InviteMethod.Request, manageUrl));
        if (change.StaffAddress is not null)
        {
            // The staff member's invitation lists everyone in their appointment: each booking of a
            // group replaces the same calendar entry, so a partial list would drop the others.
            var everyone = appointment.ActiveAttendees.Where(a => a.Id != attendee.Id).Append(attendee);
            messages.Add(change.ToStaff(NotificationKinds.BookingStaff, InviteMethod.Request, everyone, othersRemaining: 0));
        }
        return messages;
    }

    public IReadOnlyList<OutboxMessage> Cancelled(Mailbox mailbox, Appointment appointment, Attendee attendee, DateTimeOffset now)
    {
        var change = new Change(mailbox, appointment, attendee, now);
        var messages = new List<OutboxMessage>(2);
        if (change.CustomerAddress is not null)
            messages.Add(change.ToCustomer(NotificationKinds.CancellationCustomer, InviteMethod.Cancel, manageUrl: null));
        if (change.StaffAddress is not null)
        {
            // One seat of a group leaving must not take the class out of the staff member's calendar:
            // while others remain, their copy is an update (REQUEST) without the leaver, not a CANCEL.
            var remaining = appointment.Status == AppointmentStatus.Booked
                ? appointment.ActiveAttendees.Where(a => a.Id != attendee.Id).ToList()
                : [];
            messages.Add(remaining.Count > 0
                ? change.ToStaff(NotificationKinds.CancellationStaff, InviteMethod.Request, remaining, remaining.Count)
                : change.ToStaff(NotificationKinds.CancellationStaff, InviteMethod.Cancel, [attendee], othersRemaining: 0));
        }
        return messages;
    }

    /// <summary>Stable per appointment, attendee, kind and sequence: a retried write yields the same key, so no second message.</summary>
    public static string DeduplicationKey(Appointment appointment, Attendee attendee, string kind) =>
        $"{appointment.Id}:{attendee.Id}:{kind}:{appointment.Sequence}";

    private sealed class Change(Mailbox mailbox, Appointment appointment, Attendee attendee, DateTimeOffset now)
    {
        private readonly CalendarDocument _doc = mailbox.Document;
        private readonly BookingService? _service = mailbox.Document.FindService(appointment.ServiceId);
        private readonly BookingStaffMember? _staff = mailbox.Document.FindStaff(appointment.StaffId);
        private readonly string? _location = LocationOf(mailbox.Document, mailbox.Document.FindService(appointment.ServiceId));

        public string? CustomerAddress => EmailAddress.IsValid(attendee.Email) ? attendee.Email : null;

        public string? StaffAddress =>
            _staff is { IsEmailNotificationEnabled: true } && EmailAddress.IsValid(_staff.EmailAddress) ? _staff.EmailAddress : null;

        private string ServiceName => _service?.DisplayName ?? appointment.ServiceId;
        private string StaffName => _staff?.DisplayName ?? appointment.StaffId;

        public OutboxMessage ToCustomer(string kind, InviteMethod method, string? manageUrl) =>
            Message(kind, method, CustomerAddress!, attendee.Name, attendee.TimeZone, [attendee], manageUrl, othersRemaining: 0);

        public OutboxMessage ToStaff(string kind, InviteMethod method, IEnumerable<Attendee> customers, int othersRemaining) =>
            Message(kind, method, StaffAddress!, StaffName, _staff?.TimeZone, customers, manageUrl: null, othersRemaining);

        private OutboxMessage Message(string kind, InviteMethod method, string address, string recipientName, string? recipientZone,
            IEnumerable<Attendee> customers, string? manageUrl, int othersRemaining)
        {
            var zone = TimeZones.TryResolve(recipientZone, out var z) ? z
                : TimeZones.TryResolve(_doc.BusinessTimeZone, out var b) ? b : TimeZoneInfo.Utc;
            var model = new NotificationModel(
                kind, recipientName, _doc.DisplayName, ServiceName, StaffName,
                attendee.Name, attendee.Email, attendee.Phone, attendee.Notes, Answers(),
                TimeZones.InZone(appointment.Start, zone), TimeZones.InZone(appointment.End, zone), zone,
                _location, manageUrl, othersRemaining);
            var (subject, body) = EnglishTemplates.Render(model);
            subject = MessageText.Header(subject, maxLength: 250);

            var ics = CalendarInvite.Create(method, mailbox, appointment, _staff, customers,
                $"{ServiceName} — {_doc.DisplayName}", _location, now);
            var email = new EmailMessage(
                To: new EmailContact(address, MessageText.Header(recipientName)),
                SenderName: MessageText.Header(_doc.DisplayName),
                ReplyTo: ReplyTo(),
                Subject: subject,
                TextBody: body.Text,
                HtmlBody: body.Html(subject),
                Attachments: [new EmailAttachment(method == InviteMethod.Cancel ? "cancel.ics" : "invite.ics", CalendarInvite.ContentType(method), ics)]);

            return new OutboxMessage(
                Id: "msg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                MailboxId: mailbox.Id,
                DeduplicationKey: DeduplicationKey(appointment, attendee, kind),
                Channel: EmailMessage.Channel,
                Kind: kind,
                Payload: email.ToJson(),
                CreatedAt: now,
                DueAt: now);
        }

        // Replies reach the business's own address when it has one; the scheduling mailbox otherwise.
        private EmailContact? ReplyTo()
        {
            var address = EmailAddress.IsValid(_doc.Email) ? _doc.Email : EmailAddress.IsValid(mailbox.Id) ? mailbox.Id : null;
            return address is null ? null : new EmailContact(address, MessageText.Header(_doc.DisplayName));
        }

        private static string? LocationOf(CalendarDocument doc, BookingService? service)
        {
            if (service?.IsLocationOnline == true) return "Online";
            if (doc.Address is not { } a) return null;
            var city = string.Join(" ", new[] { a.PostalCode, a.City }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var parts = new[] { a.Street, city, a.State, a.CountryOrRegion }.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
            return parts.Count == 0 ? null : string.Join(", ", parts);
        }

        // In the calendar's question order; an answer to a question removed since is left out.
        private List<(string Question, string Answer)> Answers() =>
            [.. _doc.CustomQuestions.Where(q => attendee.Answers.ContainsKey(q.Id)).Select(q => (q.DisplayName, attendee.Answers[q.Id]))];
    }
}
