using Bookings.Core.Availability;
using Bookings.Core.Notifications;
using Bookings.Core.Store;

namespace Bookings.Core.Booking;

public sealed record ManagedBooking(Mailbox Mailbox, Appointment Appointment, Attendee Attendee);

/// <summary>What a manage link can do. Wrong, used and expired tokens are all the same not-found.</summary>
public sealed class ManageHandler(IBookingStore store, INotificationComposer composer, TimeProvider time, IOutboxSignal? outboxSignal = null)
{
    public static readonly BookingError NotFound = BookingError.NotFound("booking_not_found", "This booking link is not valid.");

    public async Task<ManagedBooking?> FindAsync(string? token, CancellationToken ct = default)
    {
        if (!ManageTokens.LooksValid(token)) return null;
        var found = await store.FindByManageTokenHashAsync(ManageTokens.Hash(token!), ct);
        if (found is null) return null;
        if (found.Attendee.Status != AttendeeStatus.Booked || found.Appointment.Status != AppointmentStatus.Booked) return null;
        if (found.Appointment.End <= time.GetUtcNow()) return null;
        var mailbox = await store.GetMailboxAsync(found.Appointment.MailboxId, ct);
        return mailbox is null ? null : new ManagedBooking(mailbox, found.Appointment, found.Attendee);
    }

    public async Task CancelAsync(string? token, CancellationToken ct = default)
    {
        var booking = await FindAsync(token, ct) ?? throw new BookingException(NotFound);
        var service = booking.Mailbox.Document.FindService(booking.Appointment.ServiceId);
        var policy = service is null ? booking.Mailbox.Document.SchedulingPolicy : AvailabilityEngine.PolicyFor(booking.Mailbox.Document, service);
        var now = time.GetUtcNow();
        if (booking.Appointment.Start < now + policy.MinimumLeadTime)
            throw new BookingException(BookingError.Rule("inside_minimum_lead_time", "This booking can no longer be cancelled online.",
                $"Cancellations must be made at least {BookingHandler.Describe(policy.MinimumLeadTime)} ahead; please contact the business."));
        var cancelled = await store.CancelAttendeeAsync(booking.Mailbox.Id, booking.Appointment.Id, booking.Attendee.Id,
            (apt, att) => composer.Cancelled(booking.Mailbox, apt, att, now), ct);
        if (!cancelled) throw new BookingException(NotFound);
        outboxSignal?.Notify();
    }
}
