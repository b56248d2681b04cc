using System.Security.Cryptography;
using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Notifications;

/// <summary>
/// The messages of a change, each written into the outbox with the change itself: the email (with its .ics) to the customer
/// it concerns and to the staff member, a copy to the business when it asks for one, SMS when the customer opted in, and the
/// reminders and follow-up the service schedules (due later; dropped by the store when the appointment is cancelled or moved).
/// Other customers of a group appointment are never written to or named. Words come from <see cref="IMessageTemplates"/>, in
/// the customer's language (the calendar's for staff), with times in the recipient's zone.
/// </summary>
public sealed class NotificationComposer(IMessageTemplates templates) : INotificationComposer
{
    public NotificationComposer() : this(new Templates.ScribanMessageTemplates()) { }

    public IReadOnlyList<OutboxMessage> Booked(Mailbox mailbox, Appointment appointment, Attendee attendee, string manageUrl, DateTimeOffset now)
    {
        var change = new Change(templates, mailbox, appointment, attendee, now);
        var messages = new List<OutboxMessage>();
        if (change.CustomerAddress is not null)
            messages.Add(change.ToCustomer(NotificationKinds.BookingCustomer, InviteMethod.Request, manageUrl));
        if (change.StaffAddress is not null)
        {
            // The staff member's invitation lists everyone in their appointment: each booking of a
            // group replaces the same calendar entry, so a partial list would drop the others.
            var everyone = appointment.ActiveAttendees.Where(a => a.Id != attendee.Id).Append(attendee);
            messages.Add(change.ToStaff(NotificationKinds.BookingStaff, InviteMethod.Request, everyone, othersRemaining: 0));
        }
        if (change.OwnerAddress is not null)
            messages.Add(change.ToOwner(NotificationKinds.BookingOwner));
        if (change.Sms(NotificationKinds.BookingSms, manageUrl, dueAt: now, expiresAt: appointment.Start) is { } sms)
            messages.Add(sms);
        messages.AddRange(change.Scheduled(manageUrl));
        return messages;
    }

    public IReadOnlyList<OutboxMessage> Rescheduled(Mailbox mailbox, Appointment before, Appointment appointment, Attendee attendee, string? manageUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        var change = new Change(templates, mailbox, appointment, attendee, now, before);
        var messages = new List<OutboxMessage>();
        if (change.CustomerAddress is not null)
            messages.Add(change.ToCustomer(NotificationKinds.RescheduleCustomer, InviteMethod.Request, manageUrl));
        if (change.StaffAddress is not null)
            messages.Add(change.ToStaff(NotificationKinds.RescheduleStaff, InviteMethod.Request, appointment.ActiveAttendees, othersRemaining: 0));
        // Moved to another staff member: the one who had it is told it left their calendar.
        if (before.StaffId != appointment.StaffId && change.PreviousStaffAddress is not null)
            messages.Add(change.ToPreviousStaff());
        if (change.Sms(NotificationKinds.RescheduleSms, manageUrl, dueAt: now, expiresAt: appointment.Start) is { } sms)
            messages.Add(sms);
        messages.AddRange(change.Scheduled(manageUrl));
        return messages;
    }

    public IReadOnlyList<OutboxMessage> Cancelled(Mailbox mailbox, Appointment appointment, Attendee attendee, DateTimeOffset now)
    {
        var change = new Change(templates, mailbox, appointment, attendee, now);
        var messages = new List<OutboxMessage>();
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
        if (change.Sms(NotificationKinds.CancellationSms, manageUrl: null, dueAt: now, expiresAt: appointment.End) is { } sms)
            messages.Add(sms);
        return messages;
    }

    public IReadOnlyList<OutboxMessage> StaffInvited(Mailbox mailbox, BookingStaffMember staff, string acceptUrl, string declineUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(staff);
        if (!EmailAddress.IsValid(staff.EmailAddress)) return [];
        var doc = mailbox.Document;
        var zone = Zone(staff.TimeZone, doc);
        var model = Base(doc, NotificationKinds.InvitationStaff, staff.DisplayName, zone) with { StaffName = staff.DisplayName, AcceptUrl = acceptUrl, DeclineUrl = declineUrl };
        // Each invitation is its own message: inviting again sends again.
        var key = $"invitation:{staff.Id}:{now.UtcTicks}";
        return [Email(templates, mailbox, key, NotificationKinds.InvitationStaff, staff.EmailAddress!, staff.DisplayName, Language(null, doc), model, ics: null, now, now)];
    }

    public IReadOnlyList<OutboxMessage> TimeOffAdded(Mailbox mailbox, TimeOff timeOff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(timeOff);
        var doc = mailbox.Document;
        if (timeOff.StaffId is null || doc.FindStaff(timeOff.StaffId) is not { IsEmailNotificationEnabled: true } staff || !EmailAddress.IsValid(staff.EmailAddress))
            return [];
        var zone = Zone(staff.TimeZone, doc);
        var model = Base(doc, NotificationKinds.TimeOffStaff, staff.DisplayName, zone) with
        {
            StaffName = staff.DisplayName,
            Start = TimeZones.InZone(timeOff.Start, zone),
            End = TimeZones.InZone(timeOff.End, zone),
            Reason = timeOff.Reason,
        };
        return [Email(templates, mailbox, $"timeoff:{timeOff.Id}:{staff.Id}", NotificationKinds.TimeOffStaff, staff.EmailAddress!, staff.DisplayName,
            Language(null, doc), model, ics: null, now, now)];
    }

    /// <summary>Stable per appointment, attendee, kind and sequence: a retried write yields the same key, so no second message.</summary>
    public static string DeduplicationKey(Appointment appointment, Attendee attendee, string kind) =>
        $"{appointment.Id}:{attendee.Id}:{kind}:{appointment.Sequence}";

    /// <summary>en or pl: the customer's language when known, else the calendar's.</summary>
    public static string Language(string? preferred, CalendarDocument doc) => MessageLanguages.For(preferred ?? doc.LanguageTag);

    /// <summary>
    /// The online meeting link of an appointment: the one Exchange made (Teams), else the service's template with
    /// {appointmentId} filled in; null for an in-person service.
    /// </summary>
    public static string? MeetingLink(BookingService? service, Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        if (appointment.OnlineMeetingUrl is { Length: > 0 } teams) return teams;
        if (service is not { IsLocationOnline: true, OnlineMeetingUrlTemplate: { Length: > 0 } template }) return null;
        var url = template.Replace("{appointmentId}", Uri.EscapeDataString(appointment.Id), StringComparison.Ordinal);
        return Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u.AbsoluteUri : null;
    }

    private static TimeZoneInfo Zone(string? preferred, CalendarDocument doc) =>
        TimeZones.TryResolve(preferred, out var z) ? z : TimeZones.TryResolve(doc.BusinessTimeZone, out var b) ? b : TimeZoneInfo.Utc;

    private static MessageModel Base(CalendarDocument doc, string kind, string recipientName, TimeZoneInfo zone) => new()
    {
        Kind = kind,
        RecipientName = recipientName,
        BusinessName = doc.DisplayName,
        BusinessEmail = EmailAddress.IsValid(doc.Email) ? doc.Email : null,
        BusinessPhone = doc.Phone,
        BusinessWebsite = doc.WebSiteUrl,
        Zone = zone,
    };

    private static OutboxMessage Email(IMessageTemplates templates, Mailbox mailbox, string key, string kind, string address, string recipientName, string language, MessageModel model,
        (InviteMethod Method, string Content)? ics, DateTimeOffset now, DateTimeOffset dueAt, DateTimeOffset? expiresAt = null)
    {
        var doc = mailbox.Document;
        var rendered = templates.RenderEmail(doc, language, model);
        var replyTo = EmailAddress.IsValid(doc.Email) ? doc.Email : EmailAddress.IsValid(mailbox.Id) ? mailbox.Id : null;
        var email = new EmailMessage(
            To: new EmailContact(address, MessageText.Header(recipientName)),
            SenderName: MessageText.Header(doc.DisplayName),
            ReplyTo: replyTo is null ? null : new EmailContact(replyTo, MessageText.Header(doc.DisplayName)),
            Subject: MessageText.Header(rendered.Subject, maxLength: 250),
            TextBody: rendered.Text,
            HtmlBody: rendered.Html,
            Attachments: ics is { } i
                ? [new EmailAttachment(i.Method == InviteMethod.Cancel ? "cancel.ics" : "invite.ics", CalendarInvite.ContentType(i.Method), i.Content)]
                : []);
        return new OutboxMessage(NewId(), mailbox.Id, key, EmailMessage.Channel, kind, email.ToJson(), now, dueAt, ExpiresAt: expiresAt);
    }

    private static string NewId() => "msg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private sealed class Change(IMessageTemplates templates, Mailbox mailbox, Appointment appointment, Attendee attendee, DateTimeOffset now,
        Appointment? before = null)
    {
        private readonly CalendarDocument _doc = mailbox.Document;
        private readonly BookingService? _service = mailbox.Document.FindService(appointment.ServiceId);
        private readonly BookingStaffMember? _staff = mailbox.Document.FindStaff(appointment.StaffId);
        private readonly BookingStaffMember? _previousStaff = before is null ? null : mailbox.Document.FindStaff(before.StaffId);
        private readonly string? _location = LocationOf(mailbox.Document, mailbox.Document.FindService(appointment.ServiceId));
        private readonly string? _joinUrl = MeetingLink(mailbox.Document.FindService(appointment.ServiceId), appointment);

        // A service whose customers may not change or cancel online: their link only shows the booking (view_url, no manage_url).
        private readonly bool _customerMayManage = mailbox.Document.FindService(appointment.ServiceId)?.IsCustomerAllowedToManageBooking ?? true;

        public string? CustomerAddress => EmailAddress.IsValid(attendee.Email) ? attendee.Email : null;

        public string? StaffAddress => Notified(_staff);

        public string? PreviousStaffAddress => Notified(_previousStaff);

        private static string? Notified(BookingStaffMember? staff) =>
            staff is { IsEmailNotificationEnabled: true } && EmailAddress.IsValid(staff.EmailAddress) ? staff.EmailAddress : null;

        /// <summary>The business's copy of a new booking, to its own address, when the calendar asks for it.</summary>
        public string? OwnerAddress =>
            _service is not null && AvailabilityEngine.PolicyFor(_doc, _service).SendConfirmationsToOwner && EmailAddress.IsValid(_doc.Email)
            && !string.Equals(_doc.Email, StaffAddress, StringComparison.OrdinalIgnoreCase) ? _doc.Email : null;

        private string ServiceName => _service?.DisplayName ?? appointment.ServiceId;
        private string StaffName => _staff?.DisplayName ?? appointment.StaffId;
        private string CustomerLanguage => Language(attendee.Language, _doc);
        private string StaffLanguage => Language(null, _doc);

        public OutboxMessage ToCustomer(string kind, InviteMethod method, string? manageUrl) =>
            Message(kind, DeduplicationKey(appointment, attendee, kind), method, CustomerAddress!, attendee.Name, attendee.TimeZone, CustomerLanguage,
                [attendee], manageUrl, othersRemaining: 0, now, dueAt: now);

        public OutboxMessage ToStaff(string kind, InviteMethod method, IEnumerable<Attendee> customers, int othersRemaining) =>
            Message(kind, DeduplicationKey(appointment, attendee, kind), method, StaffAddress!, StaffName, _staff?.TimeZone, StaffLanguage,
                customers, manageUrl: null, othersRemaining, now, dueAt: now);

        public OutboxMessage ToOwner(string kind) =>
            Message(kind, DeduplicationKey(appointment, attendee, kind), InviteMethod.Request, OwnerAddress!, _doc.DisplayName, null, StaffLanguage,
                [attendee], manageUrl: null, othersRemaining: 0, now, dueAt: now, withInvite: false);

        /// <summary>The staff member who had a moved appointment gets its cancellation for their calendar.</summary>
        public OutboxMessage ToPreviousStaff()
        {
            var key = $"{appointment.Id}:{attendee.Id}:{NotificationKinds.CancellationStaff}:{appointment.Sequence}:{_previousStaff!.Id}";
            return Message(NotificationKinds.CancellationStaff, key, InviteMethod.Cancel, PreviousStaffAddress!, _previousStaff.DisplayName,
                _previousStaff.TimeZone, StaffLanguage, [attendee], manageUrl: null, othersRemaining: 0, now, dueAt: now,
                appointmentForInvite: before! with { Sequence = appointment.Sequence }, staffForInvite: _previousStaff);
        }

        // Scheduled messages are keyed by the appointment's start, not its Sequence: a group's later seats compose the same
        // staff reminder (kept once), while a reschedule (a new start) makes new ones after dropping the old.
        private string When => appointment.Start.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Reminders (customer, staff, SMS) and the follow-up the service schedules, from the appointment as it now is.</summary>
        public IEnumerable<OutboxMessage> Scheduled(string? manageUrl)
        {
            if (_service is null || appointment.Status != AppointmentStatus.Booked) yield break;
            for (var i = 0; i < _service.Reminders.Count; i++)
            {
                var reminder = _service.Reminders[i];
                var due = appointment.Start - reminder.Offset;
                if (due <= now) continue; // booked inside the reminder's window: the confirmation says it all
                var toCustomer = reminder.Recipients is BookingReminderRecipients.AllAttendees or BookingReminderRecipients.Customer;
                var toStaff = reminder.Recipients is BookingReminderRecipients.AllAttendees or BookingReminderRecipients.Staff;
                if (toCustomer && CustomerAddress is not null)
                    yield return Message(NotificationKinds.ReminderCustomer, $"{appointment.Id}:{attendee.Id}:{NotificationKinds.ReminderCustomer}:{i}:{When}",
                        method: null, CustomerAddress, attendee.Name, attendee.TimeZone, CustomerLanguage, [attendee], manageUrl, 0, now, due,
                        expiresAt: appointment.Start, customMessage: reminder.Message);
                if (toCustomer && Sms(NotificationKinds.ReminderSms, manageUrl, due, appointment.Start, reminder.Message,
                        key: $"{appointment.Id}:{attendee.Id}:{NotificationKinds.ReminderSms}:{i}:{When}") is { } sms)
                    yield return sms;
                // One staff reminder per appointment (a group's later seats compose the same key, which the store keeps once).
                if (toStaff && StaffAddress is not null)
                    yield return Message(NotificationKinds.ReminderStaff, $"{appointment.Id}:staff:{NotificationKinds.ReminderStaff}:{i}:{When}",
                        method: null, StaffAddress, StaffName, _staff?.TimeZone, StaffLanguage, appointment.ActiveAttendees, null, 0, now, due,
                        expiresAt: appointment.Start, customMessage: reminder.Message);
            }
            if (_service.FollowUp is { } followUp && CustomerAddress is not null)
            {
                var due = appointment.End + followUp.Offset;
                yield return Message(NotificationKinds.FollowUpCustomer, $"{appointment.Id}:{attendee.Id}:{NotificationKinds.FollowUpCustomer}:{When}",
                    method: null, CustomerAddress, attendee.Name, attendee.TimeZone, CustomerLanguage, [attendee], null, 0, now, due,
                    expiresAt: due + TimeSpan.FromDays(7), customMessage: followUp.Message);
            }
        }

        /// <summary>An SMS to the customer, when the service sends SMS, they opted in, and their number is a valid one of an allowed region.</summary>
        public OutboxMessage? Sms(string kind, string? manageUrl, DateTimeOffset dueAt, DateTimeOffset expiresAt, string? customMessage = null, string? key = null)
        {
            if (_service is not { SmsNotificationsEnabled: true } || !attendee.SmsOptIn) return null;
            if (!PhoneNumbers.TryE164(attendee.Phone, PhoneNumbers.RegionOf(_doc), out var e164, out var region)) return null;
            if (!_doc.SmsAllowedRegions.Contains(region, StringComparer.OrdinalIgnoreCase)) return null;
            var zone = Zone(attendee.TimeZone, _doc);
            var text = templates.RenderSms(_doc, CustomerLanguage, Model(kind, attendee.Name, zone, [attendee], manageUrl, 0, customMessage));
            var payload = new SmsMessage(e164, text).ToJson(); // RenderSms answers one line of at most 640 characters
            return new OutboxMessage(NewId(), mailbox.Id, key ?? DeduplicationKey(appointment, attendee, kind), SmsMessage.Channel, kind, payload, now, dueAt,
                ExpiresAt: expiresAt);
        }

        private OutboxMessage Message(string kind, string key, InviteMethod? method, string address, string recipientName, string? recipientZone,
            string language, IEnumerable<Attendee> customers, string? manageUrl, int othersRemaining, DateTimeOffset now, DateTimeOffset dueAt,
            DateTimeOffset? expiresAt = null, string? customMessage = null, bool withInvite = true, Appointment? appointmentForInvite = null,
            BookingStaffMember? staffForInvite = null)
        {
            var zone = Zone(recipientZone, _doc);
            var list = customers.ToList();
            var model = Model(kind, recipientName, zone, list, manageUrl, othersRemaining, customMessage);
            (InviteMethod, string)? ics = null;
            if (withInvite && method is { } m)
            {
                var description = string.Join("\n", new[]
                {
                    $"{ServiceName} — {_doc.DisplayName}",
                    _joinUrl is null ? null : $"Join: {_joinUrl}",
                    manageUrl is null ? null : _customerMayManage ? $"Manage: {manageUrl}" : $"View your booking: {manageUrl}",
                }.Where(l => l is not null));
                ics = (m, CalendarInvite.Create(m, mailbox, appointmentForInvite ?? appointment, staffForInvite ?? _staff, list,
                    $"{ServiceName} — {_doc.DisplayName}", _location, now, _doc.BusinessTimeZone, description, _joinUrl));
            }
            return NotificationComposer.Email(templates, mailbox, key, kind, address, recipientName, language, model, ics, now, dueAt, expiresAt);
        }

        private MessageModel Model(string kind, string recipientName, TimeZoneInfo zone, IReadOnlyList<Attendee> customers, string? manageUrl,
            int othersRemaining, string? customMessage) => Base(_doc, kind, recipientName, zone) with
            {
                ServiceName = ServiceName,
                StaffName = StaffName,
                CustomerName = attendee.Name,
                CustomerEmail = attendee.Email,
                CustomerPhone = attendee.Phone,
                Notes = attendee.Notes,
                Answers = Answers(),
                Start = TimeZones.InZone(appointment.Start, zone),
                End = TimeZones.InZone(appointment.End, zone),
                PreviousStart = before is null ? null : TimeZones.InZone(before.Start, zone),
                PreviousEnd = before is null ? null : TimeZones.InZone(before.End, zone),
                Location = _service?.IsLocationOnline == true ? null : _location, // online: the join link says where
                ManageUrl = _customerMayManage ? manageUrl : null,
                ViewUrl = manageUrl,
                JoinUrl = _joinUrl,
                Online = _service?.IsLocationOnline == true,
                OthersRemaining = othersRemaining,
                CustomMessage = customMessage,
            };

        private static string? LocationOf(CalendarDocument doc, BookingService? service)
        {
            if (service?.IsLocationOnline == true) return "Online";
            if (doc.Address is not { } a) return null;
            var city = string.Join(" ", new[] { a.PostalCode, a.City }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var parts = new[] { a.Street, city, a.State, a.CountryOrRegion }.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
            return parts.Count == 0 ? null : string.Join(", ", parts);
        }

        // In the calendar's question order; an answer to a question removed since is left out.
        private List<MessageAnswer> Answers() =>
            [.. _doc.CustomQuestions.Where(q => attendee.Answers.ContainsKey(q.Id)).Select(q => new MessageAnswer(q.DisplayName, attendee.Answers[q.Id]))];
    }
}
