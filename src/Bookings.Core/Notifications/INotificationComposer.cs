using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Core.Notifications;

/// <summary>
/// Turns a change into outbox messages: emails with .ics, SMS, and the reminders and follow-ups scheduled with it. The links given
/// are what the messages may hold at rest: the booking code passes a <see cref="ManageLinks.Placeholder"/> and the invitation code an
/// <see cref="InvitationLinks.Placeholder"/>, never the link.
/// </summary>
public interface INotificationComposer
{
    IReadOnlyList<OutboxMessage> Booked(Mailbox mailbox, Appointment appointment, Attendee attendee, string manageUrl, DateTimeOffset now);

    /// <summary>The appointment moved (<paramref name="before"/> → <paramref name="appointment"/>, Sequence raised).</summary>
    IReadOnlyList<OutboxMessage> Rescheduled(Mailbox mailbox, Appointment before, Appointment appointment, Attendee attendee, string? manageUrl, DateTimeOffset now);

    IReadOnlyList<OutboxMessage> Cancelled(Mailbox mailbox, Appointment appointment, Attendee attendee, DateTimeOffset now);

    /// <summary>A staff member is invited to the calendar; the links accept or decline it.</summary>
    IReadOnlyList<OutboxMessage> StaffInvited(Mailbox mailbox, BookingStaffMember staff, string acceptUrl, string declineUrl, DateTimeOffset now);

    /// <summary>Time off was entered for a staff member (a closure tells nobody).</summary>
    IReadOnlyList<OutboxMessage> TimeOffAdded(Mailbox mailbox, TimeOff timeOff, DateTimeOffset now);
}
