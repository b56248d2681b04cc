using Bookings.Core.Store;

namespace Bookings.Core.Notifications;

// PLACEHOLDER: replaced by the real composer (emails with .ics).
public sealed class NotificationComposer : INotificationComposer
{
    public IReadOnlyList<OutboxMessage> Booked(Mailbox mailbox, Appointment appointment, Attendee attendee, string manageUrl, DateTimeOffset now) => [];
    public IReadOnlyList<OutboxMessage> Cancelled(Mailbox mailbox, Appointment appointment, Attendee attendee, DateTimeOffset now) => [];
}
