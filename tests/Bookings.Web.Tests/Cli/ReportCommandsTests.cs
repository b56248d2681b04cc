using Bookings.Core.Demo;
using Bookings.Core.Reports;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Store.Sqlite;

namespace Bookings.Web.Tests.Cli;

/// <summary>`bookings report`: TSV (default) and CSV on stdout, the last 120 days by default, one-line errors.</summary>
public sealed class ReportCommandsTests : IDisposable
{
    private static readonly TimeZoneInfo Warsaw = TimeZones.Resolve("Europe/Warsaw");
    private readonly string _root = Directory.CreateTempSubdirectory("bookings-cli-").FullName;
    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.RunAsync(DataDir, TimeProvider.System, args);

    private async Task ImportDemo()
    {
        var path = Path.Combine(_root, "contoso.json");
        await File.WriteAllTextAsync(path, DemoCalendar.Json());
        Assert.Equal(0, (await Run("calendars", "import", path)).Code);
    }

    /// <summary>Books a one-seat consultation with Anna straight into the store (the CLI reads what any host wrote).</summary>
    private async Task<Appointment> BookAsync(DateTimeOffset start, string name)
    {
        using var store = new SqliteBookingStore(Path.GetFullPath(DataDir), TimeProvider.System);
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        var id = Guid.NewGuid().ToString("N");
        var attendee = new Attendee("t-" + id, "c-" + id, name, "jan@example.com", null, null, "line one\nline two", new Dictionary<string, string>(),
            null, false, "hash-" + id, AttendeeStatus.Booked, start.AddDays(-1));
        var outcome = await store.BookAsync(new BookingCommand(mailbox.Id, "consult", "anna", start, start.AddMinutes(30), TimeSpan.Zero, TimeSpan.Zero, 1,
            "a-" + id, attendee, new Customer("c-" + id, mailbox.Id, name, "jan@example.com", null), [], null), (_, _) => []);
        return Assert.IsType<BookOutcome.Booked>(outcome).Appointment;
    }

    private static DateOnly Today => DateOnly.FromDateTime(TimeZones.InZone(TimeProvider.System.GetUtcNow(), Warsaw).DateTime);

    private static DateTimeOffset NoonDaysAgo(int days) =>
        TimeZones.StartOfWallClock(Warsaw, Today.AddDays(-days).ToDateTime(new TimeOnly(12, 0)));

    private static string[][] Tsv(string text) => [.. text.TrimEnd('\n').Split('\n').Select(l => l.Split('\t'))];

    [Fact]
    public async Task TheDefaultIsTsvOfTheLast120Days()
    {
        await ImportDemo();
        await BookAsync(NoonDaysAgo(10), "Recent Customer");
        await BookAsync(NoonDaysAgo(119), "Oldest Included");
        await BookAsync(NoonDaysAgo(120), "Too Old");

        var r = await Run("report", "contoso");
        Assert.Equal(0, r.Code);
        Assert.Equal("", r.Err);
        Assert.False(r.Out.StartsWith('\uFEFF'));
        var rows = Tsv(r.Out);
        Assert.Equal(BookingReport.Header, rows[0]);
        Assert.All(rows, row => Assert.Equal(BookingReport.Header.Count, row.Length));
        var customer = Array.IndexOf(rows[0], "Customer");
        Assert.Equal(["Oldest Included", "Recent Customer"], rows.Skip(1).Select(row => row[customer]));
        Assert.Equal("line one line two", rows[1][Array.IndexOf(rows[0], "Notes")]);

        var all = await Run("report", "contoso", "--from", BookingReport.FormatDate(Today.AddDays(-200)), "--to", BookingReport.FormatDate(Today));
        Assert.Equal(4, Tsv(all.Out).Length);
    }

    [Fact]
    public async Task AnAppointmentCancelledAsAWholeIsInTheReportMarkedCancelled()
    {
        await ImportDemo();
        await BookAsync(NoonDaysAgo(5), "Still Booked");
        var cancelled = await BookAsync(NoonDaysAgo(4), "Cancelled Customer");
        using (var store = new SqliteBookingStore(Path.GetFullPath(DataDir), TimeProvider.System))
            Assert.True(await store.CancelAttendeeAsync(cancelled.MailboxId, cancelled.Id, cancelled.Attendees[0].Id, (_, _) => []));

        var r = await Run("report", "contoso");

        Assert.Equal(0, r.Code);
        var rows = Tsv(r.Out);
        var (customer, status) = (Array.IndexOf(rows[0], "Customer"), Array.IndexOf(rows[0], "Status"));
        Assert.Equal([("Still Booked", "booked"), ("Cancelled Customer", "cancelled")], rows.Skip(1).Select(row => (row[customer], row[status])));
        Assert.Equal(cancelled.Id, rows[2][Array.IndexOf(rows[0], "Appointment id")]);
    }

    [Fact]
    public async Task CsvHasTheBomAQuotedHeaderAndOneLinePerRow()
    {
        await ImportDemo();
        await BookAsync(NoonDaysAgo(3), "Kowalski, Jan");
        var r = await Run("report", "contoso", "--format", "csv", "--to", BookingReport.FormatDate(Today));
        Assert.Equal(0, r.Code);
        Assert.StartsWith("\uFEFF" + string.Join(',', BookingReport.Header) + "\r\n", r.Out);
        var lines = r.Out[1..].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",\"Kowalski, Jan\",", lines[1]);
        Assert.Contains(",line one line two,", lines[1]);
    }

    [Theory]
    [InlineData("--from", "2026-13-01", "not a date")]
    [InlineData("--to", "yesterday", "not a date")]
    [InlineData("--format", "xlsx", "tsv or csv")]
    public async Task ABadOptionIsOneLineAndANonZeroExit(string option, string value, string expected)
    {
        await ImportDemo();
        var r = await Run("report", "contoso", option, value);
        Assert.NotEqual(0, r.Code);
        Assert.Equal("", r.Out);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, r.Err);
    }

    [Theory]
    [InlineData("2026-12-02", "2026-12-01", "after")]
    [InlineData("2025-01-01", "2026-12-01", "400 days")]
    [InlineData("1999-12-31", "2000-01-01", "2000")]
    public async Task ABadRangeIsOneLineAndANonZeroExit(string from, string to, string expected)
    {
        await ImportDemo();
        var r = await Run("report", "contoso", "--from", from, "--to", to);
        Assert.NotEqual(0, r.Code);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, r.Err);
    }

    [Fact]
    public async Task AnUnknownCalendarIsRefused()
    {
        var r = await Run("report", "nope");
        Assert.NotEqual(0, r.Code);
        Assert.Contains("no calendar with slug 'nope'", r.Err);
    }
}
