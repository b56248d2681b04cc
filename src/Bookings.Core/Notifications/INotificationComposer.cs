using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Core.Notifications;

/// <summary>Turns a booking change into outbox messages (emails with .ics) for the customer and the staff member.</summary>
public interface INotificationComposer
{
    IReadOnlyList<OutboxMessage> Booked(Mailbox mailbox, Appointment appointment, Attendee attendee, string manageUrl, DateTimeOffset now);

    IReadOnlyList<OutboxMessage> Cancelled(Mailbox mailbox, Appointment appointment, Attendee attendee, DateTimeOffset now);
}
