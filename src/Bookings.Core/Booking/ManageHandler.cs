using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;

namespace Bookings.Core.Booking;

public sealed record ManagedBooking(Mailbox Mailbox, Appointment Appointment, Attendee Attendee);

/// <summary>What a manage link can do. Wrong, used and expired tokens are all the same not-found.</summary>
public sealed class ManageHandler(IAppointmentStore appointmentStore, IMailboxStore mailboxStore, INotificationComposer composer,
    IManageLinkProtector links, AvailabilityService availability, TimeProvider time, IOutboxSignal? outboxSignal = null)
{
    public static readonly BookingError NotFound = BookingError.NotFound(ErrorCodes.BookingNotFound);

    public async Task<ManagedBooking?> FindAsync(string? token, CancellationToken ct = default)
    {
        if (!ManageTokens.LooksValid(token)) return null;
        var found = await appointmentStore.FindByManageTokenHashAsync(ManageTokens.Hash(token!), ct);
        if (found is null) return null;
        if (found.Attendee.Status != AttendeeStatus.Booked || found.Appointment.Status != AppointmentStatus.Booked) return null;
        if (found.Appointment.End <= time.GetUtcNow()) return null;
        var mailbox = await mailboxStore.GetMailboxAsync(found.Appointment.MailboxId, ct);
        return mailbox is null ? null : new ManagedBooking(mailbox, found.Appointment, found.Attendee);
    }

    /// <summary>
    /// Whether the booking's service lets its customers change or cancel it themselves (Graph's isCustomerAllowedToManageBooking;
    /// a service removed since: yes). When not, only the business's staff can, in the admin app.
    /// </summary>
    public static bool CustomerMayManage(ManagedBooking booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        return booking.Mailbox.Document.FindService(booking.Appointment.ServiceId)?.IsCustomerAllowedToManageBooking ?? true;
    }

    /// <summary>The refusal of a change by the customer of a service that does not allow it: it names how to reach the business.</summary>
    public static BookingError ManageNotAllowed(CalendarDocument calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var contact = string.Join(", ", new[] { calendar.Phone, calendar.Email }.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim()));
        return BookingError.Rule(ErrorCodes.ManageNotAllowed, args: ErrorArgs.Of((ErrorArgs.Name, calendar.DisplayName), (ErrorArgs.Contact, contact)));
    }

    // Found, and the customer may act on it; else the refusal.
    private async Task<ManagedBooking> FindToManageAsync(string? token, CancellationToken ct)
    {
        var booking = await FindAsync(token, ct) ?? throw new BookingException(NotFound);
        return CustomerMayManage(booking) ? booking : throw new BookingException(ManageNotAllowed(booking.Mailbox.Document));
    }

    public async Task CancelAsync(string? token, CancellationToken ct = default)
    {
        var booking = await FindToManageAsync(token, ct);
        var service = booking.Mailbox.Document.FindService(booking.Appointment.ServiceId);
        var policy = service is null ? booking.Mailbox.Document.SchedulingPolicy : AvailabilityEngine.PolicyFor(booking.Mailbox.Document, service);
        var now = time.GetUtcNow();
        if (AlreadyStarted(booking.Appointment, now) is { } started) throw new BookingException(started);
        if (booking.Appointment.Start < now + policy.MinimumLeadTime)
            throw new BookingException(BookingError.Rule(ErrorCodes.InsideMinimumLeadTime, ErrorVariants.Cancel,
                ErrorArgs.Of((ErrorArgs.Duration, ErrorArgs.Minutes(policy.MinimumLeadTime)))));
        var cancelled = await appointmentStore.CancelAttendeeAsync(booking.Mailbox.Id, booking.Appointment.Id, booking.Attendee.Id,
            (apt, att) => composer.Cancelled(booking.Mailbox, apt, att, now), ct);
        if (!cancelled) throw new BookingException(NotFound);
        outboxSignal?.Notify();
    }

    /// <summary>A booking under way (it has begun and not ended) is past changing online, whatever the lead time: it says so.</summary>
    private static BookingError? AlreadyStarted(Appointment appointment, DateTimeOffset now) =>
        appointment.Start <= now
            ? BookingError.Rule(ErrorCodes.AlreadyStarted)
            : null;

    /// <summary>
    /// The times a booking could move to in [from, to): its service's free slots (any eligible staff member), its own time
    /// not counted against them and itself left out; empty for a group seat.
    /// </summary>
    public async Task<IReadOnlyList<Slot>> RescheduleSlotsAsync(ManagedBooking booking, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var doc = booking.Mailbox.Document;
        if (booking.Appointment.Seats > 1 || doc.FindService(booking.Appointment.ServiceId) is not { } service) return [];
        var loaded = await availability.LoadAsync(booking.Mailbox.Id, from, to, ct);
        var inputs = loaded with { Appointments = [.. loaded.Appointments.Where(a => a.Id != booking.Appointment.Id)] };
        return [.. availability.Compute(doc, service, null, from, to, includeStaffIds: false, inputs).Where(s => s.Start != booking.Appointment.Start)];
    }

    /// <summary>
    /// Moves the booking behind the token to <paramref name="start"/>, a slot the availability function offers for its service
    /// (the booking's own time does not count against it), with the same staff member when they are free then, else the
    /// fairest free one. Refused when the service does not let customers manage their bookings, and inside the minimum lead
    /// time (of the booking's current time and of the new one). The manage
    /// link stays the same; the customer and staff are told, the reminders are scheduled again.
    /// </summary>
    public async Task<ManagedBooking> RescheduleAsync(string? token, DateTimeOffset start, Func<string, string> manageUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(manageUrl);
        var booking = await FindToManageAsync(token, ct);
        var (mailbox, appointment, attendee) = (booking.Mailbox, booking.Appointment, booking.Attendee);
        var doc = mailbox.Document;
        var service = doc.FindService(appointment.ServiceId) ?? throw new BookingException(NotFound);
        if (appointment.Seats > 1)
            throw new BookingException(BookingError.Rule(ErrorCodes.GroupRescheduleUnsupported));
        var policy = AvailabilityEngine.PolicyFor(doc, service);
        var now = time.GetUtcNow();
        if (AlreadyStarted(appointment, now) is { } started) throw new BookingException(started);
        if (appointment.Start < now + policy.MinimumLeadTime)
            throw new BookingException(BookingError.Rule(ErrorCodes.InsideMinimumLeadTime, ErrorVariants.Change,
                ErrorArgs.Of((ErrorArgs.Duration, ErrorArgs.Minutes(policy.MinimumLeadTime)))));
        if (BookingStart.TooSoon(start, now, policy.MinimumLeadTime) is { } tooSoon) throw new BookingException(tooSoon);
        if (start > now + policy.MaximumAdvance)
            throw new BookingException(BookingHandler.BeyondMaximumAdvance(policy.MaximumAdvance));
        if (start == appointment.Start)
            throw new BookingException(BookingError.Rule(ErrorCodes.SameTime));

        var loaded = await availability.LoadAsync(mailbox.Id, start, start.AddMinutes(1), ct);
        var inputs = loaded with { Appointments = [.. loaded.Appointments.Where(a => a.Id != appointment.Id)] };
        var slot = availability.Compute(doc, service, null, start, start.AddMinutes(1), includeStaffIds: true, inputs).FirstOrDefault(s => s.Start == start);
        if (slot.StaffIds is null)
            throw new BookingException(BookingError.Conflict(ErrorCodes.SlotTaken, ErrorVariants.NotFree));
        var businessZone = Time.TimeZones.Resolve(doc.BusinessTimeZone);
        var candidates = slot.StaffIds.Contains(appointment.StaffId)
            ? [appointment.StaffId]
            : Fairness.Order(slot.StaffIds, inputs.Appointments, start, businessZone).ToList();
        var link = ManageLinks.Placeholder(links, manageUrl(token!), NotificationComposer.Language(attendee.Language, doc));
        foreach (var staffId in candidates)
        {
            var staff = doc.FindStaff(staffId)!;
            var outcome = await appointmentStore.RescheduleAsync(
                new RescheduleCommand(mailbox.Id, appointment.Id, staffId, start, start + service.DefaultDuration, BookingHandler.Caps(staff, start, businessZone)),
                (after, att) => composer.Rescheduled(mailbox, appointment, after, att, link, now), ct);
            switch (outcome)
            {
                case RescheduleOutcome.Moved moved:
                    outboxSignal?.Notify();
                    return new ManagedBooking(mailbox, moved.After, moved.Attendee);
                case RescheduleOutcome.NotFound:
                    throw new BookingException(NotFound);
            }
        }
        throw new BookingException(BookingError.Conflict(ErrorCodes.SlotTaken, ErrorVariants.JustTaken));
    }
}
