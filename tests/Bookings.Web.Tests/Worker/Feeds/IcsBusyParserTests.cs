using System.Diagnostics;
using Bookings.Core.Sync;
using Bookings.Worker.Sync.Feeds;

namespace Bookings.Web.Tests.Worker.Feeds;

public class IcsBusyParserTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static BusyBlock Block(DateTimeOffset start, DateTimeOffset end) => new(start, end);

    internal static string Calendar(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//Feeds//EN\r\n"
        + string.Concat(events.Select(e => "BEGIN:VEVENT\r\n" + e.Trim().ReplaceLineEndings("\r\n") + "\r\nEND:VEVENT\r\n"))
        + "END:VCALENDAR\r\n";

    private static IReadOnlyList<BusyBlock> Busy(FreeBusyResult result)
    {
        Assert.True(result.Succeeded, result.Failure?.Detail);
        return result.Busy!;
    }

    [Fact]
    public void PlainFeedBusyEventsBecomeMergedClippedBlocksTransparentCancelledAndFreeDoNot()
    {
        var ics = Calendar(
            "UID:busy\r\nDTSTART:20260310T090000Z\r\nDTEND:20260310T100000Z",
            "UID:overlap\r\nDTSTART:20260310T093000Z\r\nDTEND:20260310T103000Z",
            "UID:touch\r\nDTSTART:20260310T103000Z\r\nDTEND:20260310T110000Z",
            "UID:transparent\r\nTRANSP:TRANSPARENT\r\nDTSTART:20260311T090000Z\r\nDTEND:20260311T100000Z",
            "UID:cancelled\r\nSTATUS:CANCELLED\r\nDTSTART:20260312T090000Z\r\nDTEND:20260312T100000Z",
            "UID:free\r\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\r\nDTSTART:20260313T090000Z\r\nDTEND:20260313T100000Z",
            "UID:tentative\r\nSTATUS:TENTATIVE\r\nDTSTART:20260313T120000Z\r\nDTEND:20260313T130000Z",
            "UID:straddles-start\r\nDTSTART:20260309T230000Z\r\nDTEND:20260310T010000Z",
            "UID:straddles-end\r\nDTSTART:20260316T230000Z\r\nDTEND:20260317T010000Z",
            "UID:outside\r\nDTSTART:20260320T090000Z\r\nDTEND:20260320T100000Z");

        var busy = Busy(IcsBusyParser.Parse(ics, "Europe/Warsaw", Utc(2026, 3, 10), Utc(2026, 3, 17)));

        Assert.Equal(
            [
                Block(Utc(2026, 3, 10, 0), Utc(2026, 3, 10, 1)),
                Block(Utc(2026, 3, 10, 9), Utc(2026, 3, 10, 11)),
                Block(Utc(2026, 3, 13, 12), Utc(2026, 3, 13, 13)),
                Block(Utc(2026, 3, 16, 23), Utc(2026, 3, 17, 0)),
            ], busy);
    }

    [Fact]
    public void RecurrenceWeeklyWithExdateAndMovedInstanceAcrossWarsawDstChange()
    {
        // Mondays 09:00-10:00 Warsaw time; DST starts on Sunday 2026-03-29 (UTC+1 → UTC+2).
        var ics = Calendar(
            """
            UID:weekly@test
            DTSTART;TZID=Europe/Warsaw:20260316T090000
            DTEND;TZID=Europe/Warsaw:20260316T100000
            RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6
            EXDATE;TZID=Europe/Warsaw:20260323T090000
            RDATE;TZID=Europe/Warsaw:20260402T160000
            """,
            """
            UID:weekly@test
            RECURRENCE-ID;TZID=Europe/Warsaw:20260330T090000
            DTSTART;TZID=Europe/Warsaw:20260330T140000
            DTEND;TZID=Europe/Warsaw:20260330T153000
            """,
            """
            UID:weekly@test
            RECURRENCE-ID;TZID=Europe/Warsaw:20260413T090000
            STATUS:CANCELLED
            DTSTART;TZID=Europe/Warsaw:20260413T090000
            DTEND;TZID=Europe/Warsaw:20260413T100000
            """);

        var busy = Busy(IcsBusyParser.Parse(ics, "Europe/Warsaw", Utc(2026, 3, 14), Utc(2026, 5, 1)));

        Assert.Equal(
            [
                Block(Utc(2026, 3, 16, 8), Utc(2026, 3, 16, 9)),      // CET
                // 03-23 excluded by EXDATE
                Block(Utc(2026, 3, 30, 12), Utc(2026, 3, 30, 13, 30)), // moved instance, CEST
                Block(Utc(2026, 4, 2, 14), Utc(2026, 4, 2, 15)),      // RDATE, with the event's duration
                Block(Utc(2026, 4, 6, 7), Utc(2026, 4, 6, 8)),        // CEST: same wall clock, an hour earlier in UTC
                // 04-13 overridden as cancelled
                Block(Utc(2026, 4, 20, 7), Utc(2026, 4, 20, 8)),      // 6th and last rule instance (COUNT counts the EXDATE'd one)
            ], busy);
    }

    [Fact]
    public void RecurrenceStartedBeforeTheWindowIsExpandedIntoIt()
    {
        var ics = Calendar("UID:daily\r\nDTSTART;TZID=Europe/Warsaw:20200101T120000\r\nDTEND;TZID=Europe/Warsaw:20200101T130000\r\nRRULE:FREQ=DAILY");

        var busy = Busy(IcsBusyParser.Parse(ics, "Europe/Warsaw", Utc(2026, 7, 1), Utc(2026, 7, 3)));

        Assert.Equal([Block(Utc(2026, 7, 1, 10), Utc(2026, 7, 1, 11)), Block(Utc(2026, 7, 2, 10), Utc(2026, 7, 2, 11))], busy);
    }

    [Fact]
    public void TimeZonesIanaUtcWindowsAndFloating()
    {
        var ics = Calendar(
            // New York is on EDT (UTC-4) from 2026-03-08.
            "UID:ny\r\nDTSTART;TZID=America/New_York:20260310T100000\r\nDTEND;TZID=America/New_York:20260310T110000",
            "UID:utc\r\nDTSTART:20260311T090000Z\r\nDTEND:20260311T093000Z",
            // A Windows id as Outlook writes it: CET (UTC+1) in March before DST.
            "UID:win\r\nDTSTART;TZID=W. Europe Standard Time:20260312T120000\r\nDTEND;TZID=W. Europe Standard Time:20260312T130000",
            // Floating: the staff member's zone (Tokyo, UTC+9).
            "UID:floating\r\nDTSTART:20260313T120000\r\nDTEND:20260313T123000",
            // Start and end in different zones.
            "UID:mixed\r\nDTSTART;TZID=Europe/London:20260314T090000\r\nDTEND;TZID=Europe/Berlin:20260314T110000");

        var busy = Busy(IcsBusyParser.Parse(ics, "Asia/Tokyo", Utc(2026, 3, 9), Utc(2026, 3, 16)));

        Assert.Equal(
            [
                Block(Utc(2026, 3, 10, 14), Utc(2026, 3, 10, 15)),
                Block(Utc(2026, 3, 11, 9), Utc(2026, 3, 11, 9, 30)),
                Block(Utc(2026, 3, 12, 11), Utc(2026, 3, 12, 12)),
                Block(Utc(2026, 3, 13, 3), Utc(2026, 3, 13, 3, 30)),
                Block(Utc(2026, 3, 14, 9), Utc(2026, 3, 14, 10)),
            ], busy);
    }

    [Fact]
    public void AllDayEventsAreWholeDaysInTheStaffZone()
    {
        var ics = Calendar(
            "UID:one-day\r\nDTSTART;VALUE=DATE:20260317\r\nDTEND;VALUE=DATE:20260318",
            // Two days over the DST change (the second day has 23 hours).
            "UID:two-days\r\nDTSTART;VALUE=DATE:20260328\r\nDTEND;VALUE=DATE:20260330",
            "UID:no-end\r\nDTSTART;VALUE=DATE:20260401");

        var busy = Busy(IcsBusyParser.Parse(ics, "Europe/Warsaw", Utc(2026, 3, 15), Utc(2026, 4, 5)));

        Assert.Equal(
            [
                Block(Utc(2026, 3, 16, 23), Utc(2026, 3, 17, 23)),
                Block(Utc(2026, 3, 27, 23), Utc(2026, 3, 29, 22)),
                Block(Utc(2026, 3, 31, 22), Utc(2026, 4, 1, 22)),
            ], busy);
    }

    [Fact]
    public void AStaffZoneMayBeAWindowsId()
    {
        var ics = Calendar("UID:d\r\nDTSTART;VALUE=DATE:20260317\r\nDTEND;VALUE=DATE:20260318");

        var busy = Busy(IcsBusyParser.Parse(ics, "Central European Standard Time", Utc(2026, 3, 15), Utc(2026, 3, 20)));

        Assert.Equal([Block(Utc(2026, 3, 16, 23), Utc(2026, 3, 17, 23))], busy);
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("")]
    [InlineData("<html><body>Sign in</body></html>")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260316T090000Z\r\n")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260316T090000Z\r\nDTEND:20260316T100000Z\r\nRRULE:FREQ=BOGUS\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260316T100000Z\r\nDTEND:20260316T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    public void MalformedFeedIsAnUnknownFailureNotAnException(string ics)
    {
        var result = IcsBusyParser.Parse(ics, "Europe/Warsaw", Utc(2026, 3, 1), Utc(2026, 4, 1));

        Assert.False(result.Succeeded);
        Assert.Equal(SyncFailureKind.Unknown, result.Failure!.Kind);
        Assert.StartsWith("malformed feed", result.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTzidIsMalformed()
    {
        var ics = Calendar("UID:x\r\nDTSTART;TZID=Customized Time Zone:20260316T090000\r\nDTEND;TZID=Customized Time Zone:20260316T100000");

        var result = IcsBusyParser.Parse(ics, "Europe/Warsaw", Utc(2026, 3, 1), Utc(2026, 4, 1));

        Assert.Equal(FeedFailures.UnknownTimeZone, result.Failure?.Detail);
    }

    [Fact]
    public void UnknownStaffZoneIsAFailure()
    {
        var result = IcsBusyParser.Parse(Calendar("UID:x\r\nDTSTART:20260316T090000Z"), "Mars/Olympus", Utc(2026, 3, 1), Utc(2026, 4, 1));

        Assert.Equal(FeedFailures.UnknownStaffTimeZone, result.Failure?.Detail);
    }

    [Fact]
    public void EmptyCalendarIsNoBusyTime()
    {
        Assert.Empty(Busy(IcsBusyParser.Parse(Calendar(), "Europe/Warsaw", Utc(2026, 3, 1), Utc(2026, 4, 1))));
    }

    [Theory]
    [InlineData("DTSTART:20260316T000000Z\r\nDTEND:20260316T000001Z\r\nRRULE:FREQ=SECONDLY")]             // too many in the window
    [InlineData("DTSTART:19700101T000000Z\r\nDTEND:19700101T000030Z\r\nRRULE:FREQ=MINUTELY")]            // too many steps before it
    public void PathologicalRecurrenceIsRefusedQuickly(string evt)
    {
        var watch = Stopwatch.StartNew();
        var result = IcsBusyParser.Parse(Calendar("UID:p\r\n" + evt), "Europe/Warsaw", Utc(2026, 3, 1), Utc(2026, 4, 1));

        Assert.Equal(FeedFailures.TooManyOccurrences, result.Failure?.Detail);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}"); // unguarded, the second takes minutes on a slow machine
    }

    [Fact]
    public void RuleThatNeverMatchesIsMalformedNotAHang()
    {
        var result = IcsBusyParser.Parse(
            Calendar("UID:n\r\nDTSTART:20260316T090000Z\r\nDTEND:20260316T100000Z\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
            "Europe/Warsaw", Utc(2026, 3, 1), Utc(2026, 4, 1));

        Assert.Equal(FeedFailures.Malformed, result.Failure?.Detail);
    }
}
