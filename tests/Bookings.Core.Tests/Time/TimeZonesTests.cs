using System.Globalization;
using Bookings.Core.Time;

namespace Bookings.Core.Tests.Time;

public class TimeZonesTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZones.Resolve("Europe/Warsaw");
    private static readonly TimeZoneInfo NewYork = TimeZones.Resolve("America/New_York");

    private static DateTime Wall(string s) => DateTime.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTimeOffset[] Instants(TimeZoneInfo zone, DateTime wallClock)
    {
        Span<DateTimeOffset> buffer = stackalloc DateTimeOffset[2];
        var n = TimeZones.ToInstants(zone, wallClock, buffer);
        return buffer[..n].ToArray();
    }

    [Theory]
    [InlineData("Europe/Warsaw")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Etc/GMT+5")]
    public void IanaIdsResolveToThemselves(string id)
    {
        Assert.True(TimeZones.TryResolve(id, out var zone));
        Assert.Equal(id, zone.Id);
        Assert.True(zone.HasIanaId);
        Assert.Equal(id, TimeZones.ToIana(id));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("utc")]
    public void UtcResolvesToUtc(string id)
    {
        Assert.Same(TimeZoneInfo.Utc, TimeZones.Resolve(id));
    }

    [Fact]
    public void IdsAroundWhitespaceAreTrimmed()
    {
        Assert.Equal("Europe/Warsaw", TimeZones.ToIana("  Europe/Warsaw "));
    }

    [Theory]
    [InlineData("Europe/Warsaw\n")]
    [InlineData("\nEurope/Warsaw")]
    [InlineData("Europe/Warsaw\r\n")]
    [InlineData("Europe/Warsaw\t")]
    [InlineData("Central European Standard Time\n")]
    [InlineData("UTC\n")]
    public void AnIdWithAControlCharacterIsRefusedNotTrimmed(string id)
    {
        Assert.False(TimeZones.TryResolve(id, out _));
        Assert.Null(TimeZones.ToIana(id));
    }

    [Fact]
    public void TheWindowsCentralEuropeanIdResolvesToAnIanaZoneWithCentralEuropeanRules()
    {
        var zone = TimeZones.Resolve("Central European Standard Time");

        Assert.True(zone.HasIanaId);
        Assert.Contains('/', zone.Id);
        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0)));
        Assert.Equal(TimeSpan.FromHours(2), zone.GetUtcOffset(new DateTime(2026, 7, 15, 12, 0, 0)));
        Assert.True(zone.IsInvalidTime(new DateTime(2026, 3, 29, 2, 30, 0)));
        Assert.True(zone.IsAmbiguousTime(new DateTime(2026, 10, 25, 2, 30, 0)));
    }

    [Fact]
    public void TheWindowsEasternIdResolvesToAnIanaZoneWithEasternRules()
    {
        var zone = TimeZones.Resolve("Eastern Standard Time");

        Assert.True(zone.HasIanaId);
        Assert.StartsWith("America/", zone.Id);
        Assert.Equal(TimeSpan.FromHours(-5), zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0)));
        Assert.Equal(TimeSpan.FromHours(-4), zone.GetUtcOffset(new DateTime(2026, 7, 15, 12, 0, 0)));
        Assert.True(zone.IsInvalidTime(new DateTime(2026, 3, 8, 2, 30, 0)));
        Assert.True(zone.IsAmbiguousTime(new DateTime(2026, 11, 1, 1, 30, 0)));
    }

    [Fact]
    public void ToIanaConvertsAWindowsIdSoThatWhatIsStoredIsIana()
    {
        var iana = TimeZones.ToIana("Eastern Standard Time");

        Assert.NotNull(iana);
        Assert.NotEqual("Eastern Standard Time", iana);
        Assert.True(TimeZoneInfo.FindSystemTimeZoneById(iana).HasIanaId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("CET")]
    [InlineData("EST")]
    [InlineData("PST")]
    [InlineData("Local")]
    [InlineData("+01:00")]
    public void UnknownIdsAndAbbreviationsAreRefused(string? id)
    {
        Assert.False(TimeZones.TryResolve(id, out var zone));
        Assert.Null(zone);
        Assert.Null(TimeZones.ToIana(id));
    }

    [Theory]
    [InlineData("Europe/")]
    [InlineData("America/Indiana")]
    [InlineData("Europe//Warsaw")]
    [InlineData("Europe/Warsaw/")]
    [InlineData("/etc/localtime")]
    [InlineData("../../../etc/passwd")]
    [InlineData("Etc/../Europe/Warsaw")]
    public void PathLikeIdsAreRefusedWithoutThrowing(string id)
    {
        Assert.False(TimeZones.TryResolve(id, out _));
    }

    [Fact]
    public void AnIdLongerThanSixtyFourCharactersIsRefused()
    {
        Assert.False(TimeZones.TryResolve("Europe/" + new string('W', 64), out _));
    }

    [Fact]
    public void AMissWithOtherCaseDoesNotHideTheRealZone()
    {
        TimeZones.TryResolve("pacific/chatham", out _);
        TimeZones.TryResolve("PACIFIC/CHATHAM", out _);

        // No other test uses this zone, so the misses above come first.
        Assert.Equal("Pacific/Chatham", TimeZones.ToIana("Pacific/Chatham"));
    }

    [Fact]
    public void ResolveThrowsAnArgumentExceptionNamingTheUnknownZone()
    {
        var e = Assert.Throws<ArgumentException>(() => TimeZones.Resolve("Mars/Olympus_Mons"));

        Assert.Contains("Mars/Olympus_Mons", e.Message);
    }

    [Theory]
    [InlineData("Europe/Warsaw", "2026-03-29T02:30:00")]
    [InlineData("Europe/Warsaw", "2026-03-29T02:00:00")]
    [InlineData("America/New_York", "2026-03-08T02:30:00")]
    public void AWallClockTimeInTheSpringGapHasNoInstant(string zone, string wallClock)
    {
        Assert.Empty(Instants(TimeZones.Resolve(zone), Wall(wallClock)));
    }

    [Theory]
    [InlineData("Europe/Warsaw", "2026-10-25T02:30:00", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z")]
    [InlineData("Europe/Warsaw", "2026-10-25T02:00:00", "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z")]
    [InlineData("America/New_York", "2026-11-01T01:30:00", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z")]
    public void AWallClockTimeRepeatedInTheAutumnHasBothInstantsEarlierFirst(string zone, string wallClock, string first, string second)
    {
        var instants = Instants(TimeZones.Resolve(zone), Wall(wallClock));

        Assert.Equal([DateTimeOffset.Parse(first, CultureInfo.InvariantCulture), DateTimeOffset.Parse(second, CultureInfo.InvariantCulture)], instants);
        Assert.All(instants, i => Assert.Equal(TimeSpan.Zero, i.Offset));
    }

    [Theory]
    [InlineData("Europe/Warsaw", "2026-03-29T03:00:00")]
    [InlineData("Europe/Warsaw", "2026-10-25T03:00:00")]
    [InlineData("America/New_York", "2026-11-01T02:00:00")]
    public void TheFirstWallClockTimeAfterAChangeIsOrdinary(string zone, string wallClock)
    {
        Assert.Single(Instants(TimeZones.Resolve(zone), Wall(wallClock)));
    }

    [Fact]
    public void AnOrdinaryWallClockTimeHasOneInstantInUtc()
    {
        var instants = Instants(Warsaw, new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Local));

        Assert.Equal([new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)], instants);
        Assert.Equal(TimeSpan.Zero, instants[0].Offset);
    }

    [Fact]
    public void TheStartOfASkippedWallClockTimeIsTheEndOfTheGap()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),
            TimeZones.StartOfWallClock(Warsaw, new DateTime(2026, 3, 29, 2, 30, 0)));
    }

    [Fact]
    public void TheStartOfARepeatedWallClockTimeIsItsFirstOccurrence()
    {
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero),
            TimeZones.StartOfWallClock(Warsaw, new DateTime(2026, 10, 25, 2, 30, 0)));
    }

    [Fact]
    public void FormatInstantWritesSecondsAndTheZonesNumericOffset()
    {
        var instant = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal("2026-12-01T09:00:00+01:00", TimeZones.FormatInstant(instant, Warsaw));
        Assert.Equal("2026-12-01T03:00:00-05:00", TimeZones.FormatInstant(instant, NewYork));
        Assert.Equal("2026-07-01T10:00:00+02:00", TimeZones.FormatInstant(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero), Warsaw));
    }

    [Fact]
    public void FormatInstantWritesUtcAsPlusZero()
    {
        var instant = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal("2026-12-01T08:00:00+00:00", TimeZones.FormatInstant(instant, TimeZoneInfo.Utc));
    }

    [Fact]
    public void FormatInstantIgnoresTheOffsetTheInstantCameWith()
    {
        var same = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal("2026-12-01T09:00:00+01:00", TimeZones.FormatInstant(same, Warsaw));
    }

    [Theory]
    [InlineData("America/St_Johns")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Pacific/Chatham")]
    [InlineData("America/Sao_Paulo")]
    [InlineData("Europe/Warsaw")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Etc/GMT+12")]
    public void FormatInstantWritesWhatTheRfc3339FormatStringWrites(string zoneId)
    {
        var zone = TimeZones.Resolve(zoneId);
        var instants = new[]
        {
            new DateTimeOffset(1, 1, 2, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(999, 3, 4, 5, 6, 7, TimeSpan.Zero),
            new DateTimeOffset(9999, 12, 30, 23, 59, 59, TimeSpan.Zero),
        }.Concat(Enumerable.Range(0, 2000).Select(i => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i * 263 + i % 60).AddSeconds(i % 61)));

        foreach (var instant in instants)
            Assert.Equal(TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                TimeZones.FormatInstant(instant, zone));
    }
}
