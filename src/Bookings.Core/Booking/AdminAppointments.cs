using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Booking;

/// <summary>What an administrator (or scheduler, or a team member for themselves) asks to book from the admin app.</summary>
public sealed record AdminBookingRequest(string ServiceId, string StaffId, DateTimeOffset Start, string Name, string? Email, string? Phone, string? Notes);

/// <summary>
/// The admin app's variant of the booking write path (Microsoft Bookings lets staff do this): an appointment may be created,
/// moved or reassigned outside the minimum lead time, the maximum advance and the working hours, and hidden services may be
/// booked; but never in the past, never over the staff member's time off or a closure, and never double-booked (the store's
/// atomic check-and-write, with the staff member's caps). Customers and staff are told as in the public flow.
/// Errors are <see cref="BookingException"/>s whose codes (<see cref="ErrorCodes"/>) the pages translate: not_found, validation_failed,
/// in_the_past, staff_not_eligible, time_off, slot_taken, seats_full, staff_cap_reached, group_move_unsupported, nothing_to_change,
/// already_cancelled.
/// </summary>
public sealed class AdminAppointments(IAppointmentStore appointmentStore, ITimeOffStore timeOffStore, INotificationComposer composer,
    IManageLinkProtector links, TimeProvider time, IOutboxSignal? outboxSignal = null)
{
    /// <summary>Books one seat for the customer named; the manage link goes to the customer as in the public flow.</summary>
    public async Task<BookingSuccess> CreateAsync(Mailbox mailbox, AdminBookingRequest request, Func<string, string> manageUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(manageUrl);
        var doc = mailbox.Document;
        var service = doc.FindService(request.ServiceId) ?? throw new BookingException(BookingError.NotFound(ErrorCodes.NotFound, ErrorVariants.Service));
        var staff = doc.FindStaff(request.StaffId) ?? throw new BookingException(BookingError.NotFound(ErrorCodes.NotFound, ErrorVariants.Staff));
        if (!AvailabilityEngine.EligibleStaff(doc, service, staff.Id).Any())
            throw new BookingException(BookingError.Rule(ErrorCodes.StaffNotEligible));

        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0) errors["name"] = new(FieldCodes.Required);
        else if (name.Length > BookingHandler.MaxNameLength || name.Any(char.IsControl)) errors["name"] = new(FieldCodes.Invalid);
        var email = Blank(request.Email);
        if (ControlCharacters.In(request.Email) || (email is not null && !EmailAddress.IsValid(email))) errors["email"] = new(FieldCodes.Invalid);
        var phone = Blank(request.Phone);
        if (ControlCharacters.In(request.Phone) || (phone is not null && !PhoneNumber.IsValid(phone))) errors["phone"] = new(FieldCodes.Invalid);
        var notes = Blank(request.Notes);
        if (notes is { Length: > BookingHandler.MaxNotesLength }) errors["notes"] = new(FieldCodes.Invalid);
        if (errors.Count > 0) throw new BookingException(BookingError.Rule(ErrorCodes.ValidationFailed, errors: errors));

        var now = time.GetUtcNow();
        var start = request.Start.ToUniversalTime();
        if (start < now) throw new BookingException(BookingError.Rule(ErrorCodes.InThePast));
        var end = start + service.DefaultDuration;
        await CheckTimeOffAsync(mailbox.Id, staff.Id, start - service.PreBuffer, end + service.PostBuffer, ct);

        var token = ManageTokens.Create();
        var link = ManageLinks.Placeholder(links, manageUrl(token), NotificationComposer.Language(null, doc));
        var customerId = "c-" + ManageTokens.NewId();
        var attendee = new Attendee("a-" + ManageTokens.NewId(), customerId, name, email, phone, null, notes,
            new Dictionary<string, string>(StringComparer.Ordinal), null, false, ManageTokens.Hash(token), AttendeeStatus.Booked, now);
        var customer = new Customer(customerId, mailbox.Id, name, email, phone);
        var zone = TimeZones.Resolve(doc.BusinessTimeZone);
        var command = new BookingCommand(mailbox.Id, service.Id, staff.Id, start, end, service.PreBuffer, service.PostBuffer,
            Math.Max(1, service.MaximumAttendeesCount), "apt-" + ManageTokens.NewId(), attendee, customer,
            BookingHandler.Caps(staff, start, zone), null);
        var outcome = await appointmentStore.BookAsync(command, (apt, att) => composer.Booked(mailbox, apt, att, link, now), ct);
        switch (outcome)
        {
            case BookOutcome.Booked b:
                outboxSignal?.Notify();
                return new BookingSuccess(b.Appointment, b.Attendee, token, Replayed: false);
            case BookOutcome.Conflict c:
                throw new BookingException(BookingError.Conflict(c.Code, ErrorVariants.Admin));
            default:
                throw new BookingException(BookingError.Conflict(ErrorCodes.SlotTaken, ErrorVariants.Admin));
        }
    }

    /// <summary>
    /// Moves a one-seat appointment to <paramref name="start"/> with <paramref name="staffId"/> (the same start and another staff
    /// member is a reassignment). The appointment's own time does not count against the new slot.
    /// </summary>
    public async Task<Appointment> MoveAsync(Mailbox mailbox, Appointment appointment, string staffId, DateTimeOffset start, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(appointment);
        var doc = mailbox.Document;
        if (appointment.Status != AppointmentStatus.Booked || appointment.SeatsTaken == 0)
            throw new BookingException(BookingError.Conflict(ErrorCodes.AlreadyCancelled));
        if (appointment.Seats > 1)
            throw new BookingException(BookingError.Rule(ErrorCodes.GroupMoveUnsupported));
        var staff = doc.FindStaff(staffId) ?? throw new BookingException(BookingError.NotFound(ErrorCodes.NotFound, ErrorVariants.Staff));
        var service = doc.FindService(appointment.ServiceId);
        if (service is not null && !AvailabilityEngine.EligibleStaff(doc, service, staff.Id).Any())
            throw new BookingException(BookingError.Rule(ErrorCodes.StaffNotEligible));
        start = start.ToUniversalTime();
        if (start == appointment.Start && staff.Id == appointment.StaffId)
            throw new BookingException(BookingError.Rule(ErrorCodes.NothingToChange));
        var now = time.GetUtcNow();
        if (start < now) throw new BookingException(BookingError.Rule(ErrorCodes.InThePast));
        var end = start + (appointment.End - appointment.Start);
        await CheckTimeOffAsync(mailbox.Id, staff.Id, start - appointment.PreBuffer, end + appointment.PostBuffer, ct);

        var zone = TimeZones.Resolve(doc.BusinessTimeZone);
        var outcome = await appointmentStore.RescheduleAsync(new RescheduleCommand(mailbox.Id, appointment.Id, staff.Id, start, end, BookingHandler.Caps(staff, start, zone)),
            (after, att) => composer.Rescheduled(mailbox, appointment, after, att, null, now), ct);
        switch (outcome)
        {
            case RescheduleOutcome.Moved moved:
                outboxSignal?.Notify();
                return moved.After;
            case RescheduleOutcome.Conflict c:
                throw new BookingException(BookingError.Conflict(c.Code, ErrorVariants.Admin));
            default:
                throw new BookingException(BookingError.NotFound(ErrorCodes.NotFound, ErrorVariants.Appointment));
        }
    }

    /// <summary>Cancels one seat (<paramref name="attendeeId"/>), or every booked seat when it is null; each customer and the staff are told.</summary>
    public async Task<int> CancelAsync(Mailbox mailbox, Appointment appointment, string? attendeeId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(appointment);
        var seats = attendeeId is null
            ? [.. appointment.ActiveAttendees]
            : appointment.Attendees.Where(a => a.Id == attendeeId).ToList();
        if (attendeeId is not null && seats.Count == 0) throw new BookingException(BookingError.NotFound(ErrorCodes.NotFound, ErrorVariants.Attendee));
        seats = [.. seats.Where(a => a.Status == AttendeeStatus.Booked)];
        if (seats.Count == 0 || appointment.Status != AppointmentStatus.Booked)
            throw new BookingException(BookingError.Conflict(ErrorCodes.AlreadyCancelled, ErrorVariants.Already));
        var now = time.GetUtcNow();
        var cancelled = 0;
        foreach (var seat in seats)
            if (await appointmentStore.CancelAttendeeAsync(mailbox.Id, appointment.Id, seat.Id, (apt, att) => composer.Cancelled(mailbox, apt, att, now), ct))
                cancelled++;
        if (cancelled == 0) throw new BookingException(BookingError.Conflict(ErrorCodes.AlreadyCancelled, ErrorVariants.Already));
        outboxSignal?.Notify();
        return cancelled;
    }

    private async Task CheckTimeOffAsync(string mailboxId, string staffId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var off = await timeOffStore.ListTimeOffAsync(mailboxId, from, to, ct);
        if (off.Any(t => (t.StaffId is null || t.StaffId == staffId) && t.Start < to && t.End > from))
            throw new BookingException(BookingError.Conflict(ErrorCodes.TimeOff));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
