using Bookings.Core.Calendars;
using Bookings.Core.Demo;
using Bookings.Core.Store;
using Bookings.Core.Sync;

namespace Bookings.Core.Tests.Sync;

/// <summary>
/// Fixed instants around Tuesday 1 December 2026 (Warsaw is UTC+1 then, so the demo calendar's 09:00-17:00 is
/// 08:00-16:00 UTC), sync states, appointments and mailboxes built from the demo calendar.
/// </summary>
internal static class SyncTestData
{
    /// <summary>Monday 30 November 2026 08:00 UTC: a day before the test day, inside the demo's lead time and advance limits.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Tuesday 1 December 2026 at hh:mm UTC.</summary>
    public static DateTimeOffset Tue(int hour, int minute = 0) => new(2026, 12, 1, hour, minute, 0, TimeSpan.Zero);

    public static BusyBlock Block(DateTimeOffset start, DateTimeOffset end) => new(start, end);

    public static StaffSyncState Fresh(string staffId, params BusyBlock[] busy) =>
        new(staffId, SyncSource.IcsFeed, Now, Now, 0, null, busy);

    public static StaffSyncState SucceededAt(string staffId, DateTimeOffset? lastSuccess, SyncSource source = SyncSource.IcsFeed, params BusyBlock[] busy) =>
        new(staffId, source, lastSuccess ?? Now, lastSuccess, 0, null, busy);

    public static StaffSyncState Failing(string staffId, SyncSource source, SyncFailureKind kind, int failures, DateTimeOffset? lastSuccess, DateTimeOffset? lastAttempt = null) =>
        new(staffId, source, lastAttempt ?? Now, lastSuccess, failures, new SyncFailure(kind, "detail"), []);

    public static BusyAppointment Appointment(string staffId, DateTimeOffset start, DateTimeOffset end, string serviceId = "consult",
        int seats = 1, int seatsTaken = 1, TimeSpan pre = default, TimeSpan post = default) =>
        new($"appt-{staffId}-{start.UtcTicks}", staffId, serviceId, start, end, pre, post, seats, seatsTaken);

    /// <summary>A fresh copy of the demo calendar (contoso: anna, piotr, maria), changed as asked.</summary>
    public static CalendarDocument DemoDocument(Action<CalendarDocument>? change = null)
    {
        var doc = DemoCalendar.Create();
        change?.Invoke(doc);
        return doc;
    }

    public static Mailbox Mailbox(string id, string slug, string displayName, Action<CalendarDocument>? change = null)
    {
        var doc = DemoDocument(d =>
        {
            d.Id = id;
            d.Slug = slug;
            d.DisplayName = displayName;
            change?.Invoke(d);
        });
        return new Mailbox(id, slug, displayName, Store.Mailbox.SchedulingMailbox, "v1", doc, Now, Now);
    }

    public static Mailbox Contoso(Action<CalendarDocument>? change = null) =>
        Mailbox("contoso@bookings.local", "contoso", "Contoso Consulting", change);

    public static BookingStaffMember Staff(CalendarDocument doc, string id) =>
        doc.FindStaff(id) ?? throw new InvalidOperationException($"The demo calendar has no staff member {id}.");
}
