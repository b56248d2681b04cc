using Bookings.Core.Calendars;
using CsCheck;

namespace Bookings.Store.Tests.Properties;

/// <summary>Random valid calendars with bookings, time off, a "now" in 2026 (often near a DST change) and a window.</summary>
public static class Generators
{
    /// <summary>Real IANA zones: DST north and south, a half-hour offset, and none.</summary>
    public static readonly string[] Zones = ["Europe/Warsaw", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/London", "UTC"];

    // The 2026 DST changes of those zones (US, EU and Australian Sundays, at night local time).
    private static readonly DstChange[] DstChanges =
    [
        new("America/New_York", new(2026, 3, 8)), new("Europe/Warsaw", new(2026, 3, 29)), new("Europe/London", new(2026, 3, 29)),
        new("Australia/Sydney", new(2026, 4, 5)), new("Australia/Sydney", new(2026, 10, 4)), new("Europe/Warsaw", new(2026, 10, 25)),
        new("Europe/London", new(2026, 10, 25)), new("America/New_York", new(2026, 11, 1)),
    ];

    private sealed record DstChange(string Zone, DateOnly Date);

    private static readonly Gen<string> Zone = Gen.OneOf(Zones);

    // Distinct quarter-hour points, sorted and paired: blocks that end after they start and never overlap.
    private static Block[] Pair(int[] points)
    {
        var p = points.Distinct().Order().ToArray();
        return [.. Enumerable.Range(0, p.Length / 2).Select(i => new Block(p[2 * i], p[2 * i + 1]))];
    }

    private static readonly Gen<Block[]> RoundTheClock = Gen.Const(() => new[] { new Block(0, 96) });

    // From 00:00-03:00 to 03:15-10:00: over the hours where clocks change.
    private static readonly Gen<Block[]> Night = Gen.Select(Gen.Int[0, 12], Gen.Int[13, 40], (s, e) => new[] { new Block(s, e) });

    // Round the clock, a night, a day, or anything; or closed.
    private static readonly Gen<Block[]> Day = Gen.Select(Gen.Int[0, 4], Gen.Frequency(
        (1, RoundTheClock),
        (1, Night),
        (2, Gen.Select(Gen.Int[20, 48], Gen.Int[52, 92], (s, e) => new[] { new Block(s, e) })),
        (3, Gen.Int[0, 96].Array[2, 6].Select(Pair))), (open, blocks) => open == 0 ? [] : blocks);

    // Every DST change of the list falls on a Sunday night: a week can be made to work through it.
    private static Gen<DayHours[]> Week(bool sundayNight) =>
        Gen.Select(sundayNight ? Gen.Frequency((1, RoundTheClock), (2, Night)) : Day, Day.Array[6],
            (sunday, rest) => rest.Prepend(sunday).Select((b, i) => new DayHours((DayOfWeek)i, b)).Where(d => d.Blocks.Length > 0).ToArray());

    private static readonly Gen<int?> Cap = Gen.Frequency(
        (4, Gen.Const(() => (int?)null)),
        (1, Gen.Int[1, 4].Select(i => (int?)i)));

    private static Gen<StaffSpec> Staff(Gen<string> zone, bool sundayNight) => Gen.Select(
        Gen.Int[0, 3], zone, Week(sundayNight), Gen.Int[0, 12], Cap, Cap.Select(c => c * 2), Gen.Int[0, 4],
        (hours, zone, own, role, perDay, perWeek, performs) =>
            new StaffSpec(hours, zone, own, Viewer: role == 0, Pending: role == 1, perDay, perWeek, Performs: performs != 0));

    private static readonly Gen<ServiceSpec> Service = Gen.Select(
        Gen.Int[3, 24], Gen.Int[0, 6], Gen.Int[0, 6], Gen.Frequency((2, Gen.Const(1)), (1, Gen.Int[2, 5])),
        (minutes, pre, post, seats) => new ServiceSpec(5 * minutes, 5 * pre, 5 * post, seats));

    private static readonly Gen<PolicySpec> Policy = Gen.Select(
        Gen.OneOf(15, 20, 30, 60), Gen.Frequency((1, Gen.Const(0)), (3, Gen.Int[0, 240])), Gen.Int[7, 60], Gen.Bool,
        (interval, lead, advance, onService) => new PolicySpec(interval, lead, advance, onService));

    // Any second of a day with milliseconds, or a whole minute (so that lead times can land on a slot exactly).
    private static Gen<DateTimeOffset> Now(Gen<DateOnly> date) => Gen.Select(date,
        Gen.Frequency((3, Gen.Int[0, 86_399_999]), (1, Gen.Int[0, 1439].Select(m => m * 60_000))),
        (day, ms) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMilliseconds(ms));

    private static readonly Gen<int> Position = Gen.Int[0, 10_000];

    private static readonly Gen<StoreBookingSpec[]> StoreBookings = Gen.Select(Gen.Int[0, 3], Position, Gen.Bool, Gen.Int[1, 3],
        (staff, position, other, seats) => new StoreBookingSpec(staff, position, other, seats)).Array[0, 8];

    private static readonly Gen<TimeOffSpec[]> TimeOff = Gen.Select(Gen.Int[-1, 3], Position,
        Gen.Frequency((3, Gen.Int[3, 48]), (1, Gen.Int[3, 576])),
        (staff, position, fives) => new TimeOffSpec(staff, position, 5 * fives)).Array[0, 4];

    private static readonly Gen<PrebookSpec[]> Prebooks = Gen.Select(Position, Gen.Int[-1, 3], Gen.Int[0, 3],
        (position, staff, extra) => new PrebookSpec(position, staff, extra)).Array[0, 3];

    /// <summary>
    /// Any calendar at any time of 2026; or, half the time, one whose business zone (and most staff
    /// zones) change clocks inside the window.
    /// </summary>
    public static readonly Gen<Scenario> Scenario =
        (from change in Gen.Frequency((1, Gen.Const((DstChange?)null)), (1, Gen.OneOf(DstChanges).Select(c => (DstChange?)c)))
         let zone = change is null ? Zone : Gen.Frequency((3, Gen.Const(change.Zone)), (1, Zone))
         let day = change is not null ? Gen.Int[-5, -1].Select(d => change.Date.AddDays(d)) : Gen.Int[0, 364].Select(d => new DateOnly(2026, 1, 1).AddDays(d))
         from a in Gen.Select(zone, Week(change is not null), Staff(zone, change is not null).Array[1, 4], Service, Service.Select(s => s with { Seats = 1 }), Policy, Now(day))
         from b in Gen.Select(change is null ? Gen.Int[-1440, 4320] : Gen.Int[-1440, 0], change is null ? Gen.Int[1, 14] : Gen.Int[7, 14],
             StoreBookings, TimeOff, Prebooks, Position.Array[0, 2], Gen.Int[0, 1_000_000].Array[12])
         select new Scenario(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6, b.Item7))
        .Where(s => CalendarValidator.Validate(s.Document("probe")).Count == 0);
}
