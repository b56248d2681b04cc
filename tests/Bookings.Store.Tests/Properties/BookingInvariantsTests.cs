using Bookings.Core.Booking;

namespace Bookings.Store.Tests.Properties;

/// <summary>
/// Invariants of availability and booking over random calendars, checked against the embedded store:
/// what the availability service offers keeps every rule, can be booked at that moment, and is gone
/// (or has one seat less) once booked; and the write path accepts nothing it does not offer.
/// Each property runs over a fixed series of cases and over random ones (see <see cref="PropertyRun"/>).
/// </summary>
public sealed class BookingInvariantsTests(PropertyStore properties) : IClassFixture<PropertyStore>
{
    private int _casesWithSlots;

    [Theory, InlineData(Seed.Fixed), InlineData(Seed.Random)]
    public async Task OfferedSlotsKeepEveryRule(Seed seed)
    {
        await PropertyRun.RunAsync(seed, Generators.Scenario, KeepsEveryRuleAsync);
        // The generators stay useful: most calendars offer something to check.
        if (seed == Seed.Fixed)
            Assert.True(_casesWithSlots >= PropertyRun.FixedCases * 3 / 4, $"Only {_casesWithSlots} of {PropertyRun.FixedCases} cases offered any slot.");
    }

    [Theory, InlineData(Seed.Fixed), InlineData(Seed.Random)]
    public Task OfferedSlotsCanBeBooked(Seed seed) => PropertyRun.RunAsync(seed, Generators.Scenario, CanBeBookedAsync);

    [Theory, InlineData(Seed.Fixed), InlineData(Seed.Random)]
    public Task BookingTakesTheSlotOrOneSeat(Seed seed) => PropertyRun.RunAsync(seed, Generators.Scenario, TakesTheSlotOrOneSeatAsync);

    [Theory, InlineData(Seed.Fixed), InlineData(Seed.Random)]
    public Task WritePathRefusesWhatIsNotOffered(Seed seed) => PropertyRun.RunAsync(seed, Generators.Scenario, RefusesWhatIsNotOfferedAsync);

    /// <summary>
    /// Property 1: every offered slot names eligible staff, each inside a working block on the grid,
    /// clear of every other appointment (buffers on both sides), time off and closure, under their
    /// caps; it lies within the lead times and the window, lasts the service's duration in elapsed
    /// time, and shows the seats the named staff still have.
    /// </summary>
    private async Task KeepsEveryRuleAsync(Scenario scenario)
    {
        var world = await World.CreateAsync(properties, scenario);
        var oracle = new Oracle(world);
        var slots = await world.SlotsAsync();
        if (slots.Count > 0) Interlocked.Increment(ref _casesWithSlots);
        var problems = slots
            .SelectMany(slot => oracle.Problems(slot).Select(p => $"{slot.Start:O} [{string.Join(",", slot.StaffIds ?? [])}]: {p}"))
            .ToList();
        if (problems.Count > 0)
            Assert.Fail($"{problems.Count} broken rules in offered slots:\n{string.Join("\n", problems.Take(10))}");
    }

    /// <summary>Property 2: an offered slot can be booked at that moment, for "anyone" and for a staff member it names.</summary>
    private async Task CanBeBookedAsync(Scenario scenario)
    {
        var world = await World.CreateAsync(properties, scenario);
        var slots = await world.SlotsAsync();
        if (slots.Count == 0) return;
        for (var k = 0; k < 3; k++)
        {
            var slot = slots[scenario.Picks[k] % slots.Count];
            var anyone = await world.BookAsync(slot.Start, null, "an offered slot for anyone");
            Assert.Contains(anyone.Appointment.StaffId, slot.StaffIds!);
            Assert.Equal((slot.Start, slot.End), (anyone.Appointment.Start, anyone.Appointment.End));
            await world.CancelAsync(anyone);

            var staffId = slot.StaffIds![scenario.Picks[k + 3] % slot.StaffIds.Length];
            var named = await world.BookAsync(slot.Start, staffId, $"an offered slot for {staffId}");
            Assert.Equal(staffId, named.Appointment.StaffId);
            await world.CancelAsync(named);
        }
    }

    /// <summary>
    /// Property 3: booking an offered slot takes the booked staff member off it (capacity 1) or takes
    /// one seat (group); nothing is offered that was not before, and no other staff member changes.
    /// </summary>
    private async Task TakesTheSlotOrOneSeatAsync(Scenario scenario)
    {
        var world = await World.CreateAsync(properties, scenario);
        var before = await world.SlotsAsync();
        for (var k = 0; k < 2 && before.Count > 0; k++)
        {
            var slot = before[scenario.Picks[k] % before.Count];
            var pick = scenario.Picks[k + 2] % (slot.StaffIds!.Length + 1);
            var booked = await world.BookAsync(slot.Start, pick == 0 ? null : slot.StaffIds[pick - 1], "an offered slot");
            var staffId = booked.Appointment.StaffId;
            var after = await world.SlotsAsync();

            var was = before.ToDictionary(s => s.Start);
            var now = after.ToDictionary(s => s.Start);
            foreach (var start in was.Keys.Union(now.Keys))
            {
                var b = was.GetValueOrDefault(start);
                var a = now.GetValueOrDefault(start);
                var bStaff = b.StaffIds ?? [];
                var aStaff = a.StaffIds ?? [];
                Assert.True(aStaff.All(bStaff.Contains), $"{start:O}: offers [{string.Join(",", aStaff)}] after booking {staffId} at {slot.Start:O}, before only [{string.Join(",", bStaff)}]");
                Assert.True(bStaff.Except([staffId]).Order().SequenceEqual(aStaff.Except([staffId]).Order()),
                    $"{start:O}: others changed from [{string.Join(",", bStaff)}] to [{string.Join(",", aStaff)}] after booking {staffId} at {slot.Start:O}");
                Assert.True(a.SeatsLeft <= b.SeatsLeft, $"{start:O}: seats went up from {b.SeatsLeft} to {a.SeatsLeft}");
            }
            var left = now.GetValueOrDefault(slot.Start);
            if (world.Service.IsGroup)
                Assert.True(left.SeatsLeft == slot.SeatsLeft - 1, $"{slot.Start:O}: {slot.SeatsLeft} seats before booking, {left.SeatsLeft} after");
            else
                Assert.DoesNotContain(staffId, left.StaffIds ?? []);
            before = after;
        }
    }

    // Away from an offered start by a little: whole minutes either side, half a minute, seven and a half minutes.
    private static readonly TimeSpan[] Nudges =
        [TimeSpan.FromMinutes(-10), TimeSpan.FromMinutes(-5), TimeSpan.FromMinutes(-1), TimeSpan.FromSeconds(30),
         TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(7.5)];

    /// <summary>
    /// Property 4: a start the availability answer does not offer (near an offered one, anywhere in
    /// the window, at a booked appointment or time off), or a staff member it does not name, is
    /// refused by the write path with 409 or 422.
    /// </summary>
    private async Task RefusesWhatIsNotOfferedAsync(Scenario scenario)
    {
        var world = await World.CreateAsync(properties, scenario);
        var slots = await world.SlotsAsync();
        var offered = slots.ToDictionary(s => s.Start);
        var p = scenario.Picks;

        var candidates = new List<DateTimeOffset>();
        for (var k = 0; k < 3 && slots.Count > 0; k++)
            candidates.Add(slots[p[k] % slots.Count].Start + Nudges[p[k + 3] % Nudges.Length]);
        var window = scenario.To - scenario.From;
        candidates.Add(Minute(scenario.From + window * (p[6] % 10_000) / 10_000));
        candidates.AddRange(world.Appointments.Where(a => a.IsActive).Select(a => a.Start).Take(2));
        candidates.AddRange(world.TimeOff.Select(t => Minute(t.Start)).Take(2));

        foreach (var start in candidates.Where(c => c >= scenario.From && c < scenario.To && !offered.ContainsKey(c)).Distinct())
            await RefusedAsync(world, start, null);

        // A staff member who performs the service but is not named on an offered slot cannot be booked on it.
        if (slots.Count == 0) return;
        var slot = slots[p[7] % slots.Count];
        var oracle = new Oracle(world);
        var others = world.Calendar.StaffMembers.Where(s => oracle.IsEligible(s) && !slot.StaffIds!.Contains(s.Id)).ToList();
        if (others.Count > 0)
            await RefusedAsync(world, slot.Start, others[p[8] % others.Count].Id);
    }

    private static async Task RefusedAsync(World world, DateTimeOffset start, string? staffId)
    {
        BookingSuccess booked;
        try
        {
            booked = await world.BookAsync(start, staffId);
        }
        catch (BookingException e)
        {
            Assert.True(e.Error.Kind is BookingErrorKind.Conflict or BookingErrorKind.Rule,
                $"{start:O} with {staffId ?? "anyone"}: refused with {e.Error.Kind} {e.Error.Code}, not a conflict or a rule (409 or 422)");
            return;
        }
        Assert.Fail($"{start:O} with {staffId ?? "anyone"} is not offered, but the write path booked it with {booked.Appointment.StaffId}");
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
