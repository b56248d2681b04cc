using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Tests.Availability;

/// <summary>
/// A small Warsaw calendar (Mon-Fri 09:00-17:00, 30-minute grid, no lead time) with three staff,
/// a 30-minute "consult" and a 60-minute five-seat "workshop", plus builders for appointments and queries.
/// </summary>
internal static class TestCalendar
{
    public static readonly TimeZoneInfo Warsaw = TimeZones.Resolve("Europe/Warsaw");
    public static readonly TimeZoneInfo NewYork = TimeZones.Resolve("America/New_York");

    /// <summary>A fixed "now" a month before the test days.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Monday = new(2026, 11, 30);
    public static readonly DateOnly Tuesday = new(2026, 12, 1);
    public static readonly DateOnly Wednesday = new(2026, 12, 2);
    public static readonly DateOnly Saturday = new(2026, 12, 5);
    public static readonly DateOnly Sunday = new(2026, 12, 6);

    public static CalendarDocument Create(Action<CalendarDocument>? change = null)
    {
        var doc = new CalendarDocument
        {
            Slug = "test",
            DisplayName = "Test calendar",
            BookingPageSettings = { BusinessTimeZone = "Europe/Warsaw" },
            SchedulingPolicy =
            {
                TimeSlotInterval = TimeSpan.FromMinutes(30),
                MinimumLeadTime = TimeSpan.Zero,
                MaximumAdvance = TimeSpan.FromDays(365),
            },
            BusinessHours = Hours("09:00", "17:00", Weekdays),
            StaffMembers = [Staff("anna"), Staff("piotr"), Staff("maria")],
            Services =
            [
                new BookingService { Id = "consult", DisplayName = "Consultation", DefaultDuration = TimeSpan.FromMinutes(30) },
                new BookingService { Id = "workshop", DisplayName = "Workshop", DefaultDuration = TimeSpan.FromMinutes(60), MaximumAttendeesCount = 5 },
            ],
        };
        change?.Invoke(doc);
        return doc;
    }

    public static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    public static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();

    public static List<BookingWorkHours> Hours(string start, string end, params DayOfWeek[] days) =>
        [.. days.Select(d => new BookingWorkHours { Day = d, TimeSlots = [new BookingWorkTimeSlot { StartTime = Time(start), EndTime = Time(end) }] })];

    private static TimeSpan Time(string hhmm) => hhmm == "24:00" ? TimeSpan.FromDays(1) : TimeSpan.Parse(hhmm, System.Globalization.CultureInfo.InvariantCulture);

    public static BookingStaffMember Staff(string id, Action<BookingStaffMember>? change = null)
    {
        var s = new BookingStaffMember { Id = id, DisplayName = id };
        change?.Invoke(s);
        return s;
    }

    /// <summary>A wall-clock time in Warsaw as an instant (the earlier one when it occurs twice).</summary>
    public static DateTimeOffset At(DateOnly day, int hour, int minute = 0, TimeZoneInfo? zone = null) =>
        TimeZones.StartOfWallClock(zone ?? Warsaw, day.ToDateTime(new TimeOnly(hour, minute)));

    public static Appointment Appointment(string staffId, DateTimeOffset start, int minutes = 30, string serviceId = "consult",
        int seats = 1, int attendees = 1, TimeSpan preBuffer = default, TimeSpan postBuffer = default,
        AppointmentStatus status = AppointmentStatus.Booked) =>
        new(
            Id: $"apt-{staffId}-{start.UtcTicks}",
            MailboxId: "test@bookings.local",
            ServiceId: serviceId,
            StaffId: staffId,
            Start: start,
            End: start.AddMinutes(minutes),
            PreBuffer: preBuffer,
            PostBuffer: postBuffer,
            Seats: seats,
            Status: status,
            Attendees: [.. Enumerable.Range(0, attendees).Select(i => Attendee($"att-{i}", start))],
            IcsUid: $"uid-{staffId}-{start.UtcTicks}",
            Sequence: 0,
            Version: "1",
            CreatedAt: Now);

    /// <summary>What the store's ReadBusyAsync answers for these appointments: the booked ones, lean.</summary>
    public static List<BusyAppointment> Busy(IEnumerable<Appointment> appointments) =>
        [.. appointments.Where(a => a.Status == AppointmentStatus.Booked).Select(BusyAppointment.From)];

    private static Attendee Attendee(string id, DateTimeOffset createdAt) =>
        new(id, "c-" + id, "Customer " + id, id + "@example.com", null, null, null,
            new Dictionary<string, string>(), null, false, "hash-" + id, AttendeeStatus.Booked, createdAt);

    /// <summary>Slots for whole local days [first, last] in the business zone, for the service's eligible staff (or the named ones).</summary>
    public static List<Slot> Slots(CalendarDocument doc, DateOnly first, DateOnly? last = null, string serviceId = "consult",
        string[]? staffIds = null, IReadOnlyList<Appointment>? appointments = null, IReadOnlyList<BusyInterval>? busy = null,
        bool includeStaffIds = false, DateTimeOffset? now = null)
    {
        var zone = TimeZones.Resolve(doc.BusinessTimeZone);
        return SlotsBetween(doc, At(first, 0, zone: zone), TimeZones.StartOfWallClock(zone, (last ?? first).AddDays(1).ToDateTime(TimeOnly.MinValue)),
            serviceId, staffIds, appointments, busy, includeStaffIds, now);
    }

    /// <summary>Slots starting in [from, to), for the service's eligible staff (or the named ones).</summary>
    public static List<Slot> SlotsBetween(CalendarDocument doc, DateTimeOffset from, DateTimeOffset to, string serviceId = "consult",
        string[]? staffIds = null, IReadOnlyList<Appointment>? appointments = null, IReadOnlyList<BusyInterval>? busy = null,
        bool includeStaffIds = false, DateTimeOffset? now = null)
    {
        var service = doc.FindService(serviceId)!;
        return AvailabilityEngine.Compute(new AvailabilityQuery
        {
            Calendar = doc,
            Service = service,
            Staff = staffIds is null ? AvailabilityEngine.EligibleStaff(doc, service) : [.. staffIds.Select(id => doc.FindStaff(id)!)],
            From = from,
            To = to,
            Now = now ?? Now,
            Appointments = Busy(appointments ?? []),
            Busy = busy ?? [],
            IncludeStaffIds = includeStaffIds,
        });
    }

    /// <summary>John works 09:00-17:00 on weekdays by his own clock in New York.</summary>
    public static BookingStaffMember John() => Staff("john", s =>
    {
        s.UseBusinessHours = false;
        s.TimeZone = "America/New_York";
        s.WorkingHours = Hours("09:00", "17:00", Weekdays);
    });

    /// <summary>Business hours round the clock in Warsaw; Anna lives in New York and takes one booking a day.</summary>
    public static CalendarDocument AnnaInNewYorkWithOneBookingADay() => Create(d =>
    {
        d.BusinessHours = Hours("00:00", "24:00", EveryDay);
        d.StaffMembers[0].TimeZone = "America/New_York";
        d.StaffMembers[0].MaxBookingsPerDay = 1;
    });

    /// <summary>Slot starts as wall-clock "HH:mm" in a zone (Warsaw unless told), for assertions that read like a timetable.</summary>
    public static string[] Starts(IEnumerable<Slot> slots, TimeZoneInfo? zone = null) =>
        [.. slots.Select(s => TimeZones.InZone(s.Start, zone ?? Warsaw).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Every grid start of a half-hour grid from one wall-clock time (inclusive) to another (exclusive).</summary>
    public static string[] HalfHours(string from, string to)
    {
        var list = new List<string>();
        for (var t = Time(from); t < Time(to); t += TimeSpan.FromMinutes(30))
            list.Add(t.ToString("hh\\:mm", System.Globalization.CultureInfo.InvariantCulture));
        return [.. list];
    }
}
