using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Benchmarks.Availability;

/// <summary>The benchmark shapes of the availability issue (S1–S3), built deterministically.</summary>
public static class Scenarios
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

    private static List<BookingWorkHours> Weekdays(TimeSpan start, TimeSpan end) =>
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new BookingWorkHours { Day = d, TimeSlots = [new() { StartTime = start, EndTime = end }] })];

    /// <summary>S1: one staff member, Europe/Berlin Mon–Fri 09–17, 30 days, 40 busy blocks, 30-minute slots, viewer in New York.</summary>
    public static AvailabilityQuery S1() => Build(staffCount: 1, zones: ["Europe/Berlin"], days: 30, grid: 30, duration: 30, busyCount: 40, seed: 1);

    /// <summary>S2: 50 staff in 3 zones, 60 days, 15-minute grid, 30-minute service, 5,000 busy intervals, "anyone".</summary>
    public static AvailabilityQuery S2() => Build(staffCount: 50, zones: ["Europe/Warsaw", "Europe/London", "America/New_York"], days: 60, grid: 15, duration: 30, busyCount: 5000, seed: 2);

    /// <summary>S3: 100 staff, 62 days, 20,000 busy intervals.</summary>
    public static AvailabilityQuery S3() => Build(staffCount: 100, zones: ["Europe/Warsaw", "Europe/London", "America/New_York"], days: 62, grid: 15, duration: 30, busyCount: 20000, seed: 3);

    public static AvailabilityQuery Build(int staffCount, string[] zones, int days, int grid, int duration, int busyCount, int seed)
    {
        var rng = new Random(seed);
        var staff = Enumerable.Range(0, staffCount).Select(i => new BookingStaffMember
        {
            Id = $"s{i:000}",
            DisplayName = $"Staff {i}",
            TimeZone = zones[i % zones.Length],
            UseBusinessHours = false,
            WorkingHours = Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(17)),
        }).ToList();
        var service = new BookingService { Id = "svc", DisplayName = "Service", DefaultDuration = TimeSpan.FromMinutes(duration) };
        var calendar = new CalendarDocument
        {
            Slug = "bench",
            DisplayName = "Bench",
            BusinessHours = Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(17)),
            SchedulingPolicy = new BookingSchedulingPolicy
            {
                TimeSlotInterval = TimeSpan.FromMinutes(grid),
                MinimumLeadTime = TimeSpan.Zero,
                MaximumAdvance = TimeSpan.FromDays(365),
                AllowStaffSelection = false,
            },
            BookingPageSettings = new BookingPageSettings { BusinessTimeZone = zones[0] },
            Services = [service],
            StaffMembers = staff,
        };
        var from = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(days);
        var appointments = new List<BusyAppointment>(busyCount);
        for (var i = 0; i < busyCount; i++)
        {
            var s = staff[rng.Next(staff.Count)];
            var start = from.AddMinutes(rng.Next(days * 24 * 4) * 15);
            appointments.Add(new BusyAppointment($"a{i}", s.Id, "svc", start, start.AddMinutes(30 + 15 * rng.Next(4)),
                TimeSpan.Zero, TimeSpan.Zero, 1, 1));
        }
        return new AvailabilityQuery
        {
            Calendar = calendar,
            Service = service,
            Staff = staff,
            From = from,
            To = to,
            Now = Now,
            Appointments = appointments,
        };
    }
}
