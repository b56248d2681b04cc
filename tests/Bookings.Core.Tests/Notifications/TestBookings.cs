using Bookings.Core.Calendars;
using Bookings.Core.Demo;
using Bookings.Core.Store;
using StoreMailbox = Bookings.Core.Store.Mailbox;

namespace Bookings.Core.Tests.Notifications;

/// <summary>Hand-built bookings on the demo calendar (business zone Europe/Warsaw).</summary>
internal static class TestBookings
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero); // 09:00 in Warsaw
    public const string ManageUrl = "https://book.example/manage/tok_abc";

    public static Mailbox Mailbox(Action<CalendarDocument>? change = null)
    {
        var doc = DemoCalendar.Create();
        change?.Invoke(doc);
        return new Mailbox(doc.Id!, doc.Slug, doc.DisplayName, StoreMailbox.SchedulingMailbox, "v1", doc, Now, Now);
    }

    public static Attendee Attendee(string id = "a-1", string name = "Jan Kowalski", string? email = "jan@example.com",
        string? timeZone = null, string? notes = null, AttendeeStatus status = AttendeeStatus.Booked,
        IReadOnlyDictionary<string, string>? answers = null) =>
        new(id, "c-" + id, name, email, "+48 600 100 200", timeZone, notes, answers ?? new Dictionary<string, string>(),
            null, false, "hash-" + id, status, Now);

    public static Appointment Appointment(IReadOnlyList<Attendee> attendees, string serviceId = "consult", string staffId = "piotr",
        int seats = 1, AppointmentStatus status = AppointmentStatus.Booked, int sequence = 0, TimeSpan? duration = null) =>
        new("apt-1", "contoso@bookings.local", serviceId, staffId, Start, Start + (duration ?? TimeSpan.FromMinutes(30)),
            TimeSpan.Zero, TimeSpan.Zero, seats, status, attendees, "apt-1@bookings.local", sequence, "v1", Now);
}
