using static Bookings.Web.Tests.Api.CalendarBuilder;

namespace Bookings.Web.Tests.Api;

// "Anyone" assignment through the API: equally available staff end with equal shares.
public sealed class FairnessApiTests : IDisposable
{
    private const int Bookings = 300;
    private readonly ApiHarness _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task ThreeHundredAnyoneBookingsOverThreeEquallyAvailableStaffLeaveTheirCountsWithinOneOfEachOther()
    {
        // Every day 08:00-20:00 on a 30-minute grid: 24 slots a day, so 300 fit in 13 days.
        await _api.CreateAsync(Calendar("fair", d =>
        {
            d.BusinessHours = Hours("08:00", "20:00", EveryDay);
            d.StaffMembers = [Staff("ala"), Staff("ola"), Staff("ula")];
            d.Services = [Service("consult", change: s => s.CustomerEmailRequired = false)];
        }));
        var slots = await _api.SlotsAsync("fair", "serviceId=consult&from=2026-12-01&to=2026-12-31");
        Assert.True(slots.Count >= Bookings, $"Only {slots.Count} slots are offered.");
        Assert.All(slots, s => Assert.Equal(["ala", "ola", "ula"], s.StaffIds!));

        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["ala"] = 0, ["ola"] = 0, ["ula"] = 0 };
        foreach (var slot in slots.Take(Bookings))
        {
            var booked = await _api.BookAsync("fair", "consult", slot.Start, email: null);
            booked.AssertCreated();
            Assert.Equal(slot.Start, booked.Start);
            counts[booked.StaffId!]++;
        }

        Assert.Equal(Bookings, counts.Values.Sum());
        Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, "Bookings per staff member: " + string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}")));
    }
}
