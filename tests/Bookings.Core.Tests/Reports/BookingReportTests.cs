using System.Text;
using Bookings.Core.Demo;
using Bookings.Core.Reports;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Tests.Reports;

public sealed class BookingReportTests
{
    private static readonly TimeZoneInfo Warsaw = TimeZones.Resolve("Europe/Warsaw");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero); // 10:00 in Warsaw
    private static readonly Mailbox Contoso = new("mbx-1", "contoso", "Contoso Consulting", Mailbox.SchedulingMailbox, "v1", DemoCalendar.Create(), At, At);

    private static Attendee Seat(string id, string name, string? notes = null, string? phone = null, AttendeeStatus status = AttendeeStatus.Booked,
        IReadOnlyDictionary<string, string>? answers = null) =>
        new(id, "c-" + id, name, id + "@example.com", phone, null, notes, answers ?? new Dictionary<string, string>(), At.AddDays(-3), phone is not null,
            "hash", status, At.AddDays(-3));

    private static Appointment Appointment(string id, string service, int seats, params Attendee[] attendees) =>
        new(id, Contoso.Id, service, "anna", At, At.AddMinutes(90), TimeSpan.Zero, TimeSpan.Zero, seats, AppointmentStatus.Booked, attendees,
            "uid-" + id, 0, "v", At.AddDays(-3));

    private static List<string[]> ParseTsv(string text)
    {
        Assert.False(text.StartsWith('\uFEFF'));
        Assert.EndsWith("\n", text);
        return [.. text[..^1].Split('\n').Select(line => line.Split('\t'))];
    }

    /// <summary>A small RFC 4180 reader that refuses line breaks inside a quoted field: every row must be one line.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        Assert.StartsWith("\uFEFF", text);
        text = text[1..];
        Assert.EndsWith("\r\n", text);
        var rows = new List<string[]>();
        foreach (var line in text[..^2].Split("\r\n"))
        {
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain('\r', line);
            var fields = new List<string>();
            var i = 0;
            while (true)
            {
                var b = new StringBuilder();
                if (i < line.Length && line[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        Assert.True(i < line.Length, "unterminated quoted field");
                        if (line[i] == '"')
                        {
                            if (i + 1 < line.Length && line[i + 1] == '"') { b.Append('"'); i += 2; continue; }
                            i++;
                            break;
                        }
                        b.Append(line[i++]);
                    }
                }
                else
                {
                    while (i < line.Length && line[i] != ',')
                    {
                        Assert.NotEqual('"', line[i]);
                        b.Append(line[i++]);
                    }
                }
                fields.Add(b.ToString());
                if (i >= line.Length) break;
                Assert.Equal(',', line[i]);
                i++;
            }
            rows.Add([.. fields]);
        }
        return rows;
    }

    private static string Column(string[] header, string[] row, string name) => row[Array.IndexOf(header, name)];

    [Fact]
    public void AGroupAppointmentWithTwoSeatsGivesTwoRowsWithTimesInTheBusinessZone()
    {
        var answers = new Dictionary<string, string> { ["level"] = "Advanced", ["topic"] = "Budgets" };
        var rows = BookingReport.Rows(Contoso, [Appointment("a1", "workshop", 5, Seat("t1", "Jan Kowalski", answers: answers), Seat("t2", "Ewa Nowak", status: AttendeeStatus.Cancelled))], Warsaw);

        Assert.Equal(2, rows.Count);
        var jan = rows[0];
        Assert.Equal(("contoso", "a1", "workshop", "Group workshop", "anna", "Anna Kowalska"), (jan.Calendar, jan.AppointmentId, jan.ServiceId, jan.ServiceName, jan.StaffId, jan.StaffName));
        Assert.Equal("2026-12-01T10:00:00+01:00", jan.Start);
        Assert.Equal("2026-12-01T11:30:00+01:00", jan.End);
        Assert.Equal(90, jan.DurationMinutes);
        Assert.Equal(5, jan.Seats);
        Assert.Equal("booked", jan.Status);
        Assert.Equal("cancelled", rows[1].Status);
        Assert.Equal("What would you like to discuss?: Budgets; Your experience level: Advanced", jan.Answers);
        Assert.Equal("2026-11-28T10:00:00+01:00", jan.BookedAt);
        Assert.Equal("2026-11-28T10:00:00+01:00", jan.ConsentAt);

        var tsv = ParseTsv(BookingReport.ToText(rows, ReportFormat.Tsv));
        Assert.Equal(3, tsv.Count);
        Assert.Equal(BookingReport.Header, tsv[0]);
        Assert.Equal(["Jan Kowalski", "Ewa Nowak"], tsv.Skip(1).Select(r => Column(tsv[0], r, "Customer")));
        Assert.All(tsv, r => Assert.Equal(BookingReport.Header.Count, r.Length));

        var csv = ParseCsv(BookingReport.ToText(rows, ReportFormat.Csv));
        Assert.Equal(BookingReport.Header, csv[0]);
        Assert.Equal("What would you like to discuss?: Budgets; Your experience level: Advanced", Column(csv[0], csv[1], "Answers"));
        Assert.Equal("2026-12-01T10:00:00+01:00", Column(csv[0], csv[1], "Start"));
    }

    [Fact]
    public void AnAppointmentCancelledAsAWholeGivesItsSeatsMarkedCancelled()
    {
        var kept = Appointment("a1", "consult", 1, Seat("t1", "Jan Kowalski"));
        var cancelled = Appointment("a2", "consult", 1, Seat("t2", "Ewa Nowak", status: AttendeeStatus.Cancelled)) with
        {
            Status = AppointmentStatus.Cancelled,
            Start = At.AddHours(2),
            End = At.AddHours(3),
        };
        // A store may keep a seat Booked on an appointment cancelled as a whole: the appointment's status wins.
        var legacy = cancelled with { Id = "a3", Attendees = [Seat("t3", "Olek Stary")] };

        var rows = BookingReport.Rows(Contoso, [legacy, cancelled, kept], Warsaw);

        Assert.Equal([("a1", "Jan Kowalski", "booked"), ("a2", "Ewa Nowak", "cancelled"), ("a3", "Olek Stary", "cancelled")],
            rows.Select(r => (r.AppointmentId, r.CustomerName, r.Status)));
        Assert.Equal("2026-12-01T12:00:00+01:00", rows[1].Start);
        var tsv = ParseTsv(BookingReport.ToText(rows, ReportFormat.Tsv));
        Assert.Equal(["booked", "cancelled", "cancelled"], tsv.Skip(1).Select(r => Column(tsv[0], r, "Status")));
    }

    [Theory]
    [InlineData("=1+2")]
    [InlineData("+48 600 100 200")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=cmd")]
    [InlineData("\r=cmd")]
    public void AFormulaIsNeutralisedWithALeadingApostrophe(string value)
    {
        var rows = BookingReport.Rows(Contoso, [Appointment("a1", "consult", 1, Seat("t1", value, notes: value))], Warsaw);
        foreach (var format in new[] { ReportFormat.Tsv, ReportFormat.Csv })
        {
            var text = BookingReport.ToText(rows, format);
            var parsed = format == ReportFormat.Tsv ? ParseTsv(text) : ParseCsv(text);
            Assert.Equal(2, parsed.Count);
            Assert.All(parsed, r => Assert.Equal(BookingReport.Header.Count, r.Length));
            var name = Column(parsed[0], parsed[1], "Customer");
            var flattened = value.Replace('\r', ' ');
            Assert.Equal("'" + (format == ReportFormat.Tsv ? flattened.Replace('\t', ' ') : flattened), name);
            Assert.Equal(name, Column(parsed[0], parsed[1], "Notes"));
        }
    }

    [Fact]
    public void ASafeValueIsLeftAlone()
    {
        Assert.Equal("Jan = 1", BookingReport.Neutralise("Jan = 1"));
        Assert.Equal(" =1", BookingReport.Neutralise(" =1")); // nothing is trimmed: a leading space is not a trigger
        Assert.Equal("", BookingReport.Neutralise(null));
    }

    [Fact]
    public void TabsAndLineBreaksInsideValuesNeverBreakColumnsOrRows()
    {
        const string notes = "line one\r\nline two\nline three\rfour\tfive, \"six\"";
        var rows = BookingReport.Rows(Contoso, [Appointment("a1", "consult", 1, Seat("t1", "Jan\tKowalski", notes: notes))], Warsaw);

        var tsv = ParseTsv(BookingReport.ToText(rows, ReportFormat.Tsv));
        Assert.Equal(2, tsv.Count);
        Assert.All(tsv, r => Assert.Equal(BookingReport.Header.Count, r.Length));
        Assert.Equal("line one line two line three four five, \"six\"", Column(tsv[0], tsv[1], "Notes"));
        Assert.Equal("Jan Kowalski", Column(tsv[0], tsv[1], "Customer"));

        var csvText = BookingReport.ToText(rows, ReportFormat.Csv);
        Assert.Contains("\"line one line two line three four\tfive, \"\"six\"\"\"", csvText);
        var csv = ParseCsv(csvText);
        Assert.Equal(2, csv.Count);
        Assert.All(csv, r => Assert.Equal(BookingReport.Header.Count, r.Length));
        Assert.Equal("line one line two line three four\tfive, \"six\"", Column(csv[0], csv[1], "Notes"));
        Assert.Equal("Jan\tKowalski", Column(csv[0], csv[1], "Customer"));
    }

    [Fact]
    public void AnEmptyReportIsTheHeaderAlone()
    {
        Assert.Equal(string.Join('\t', BookingReport.Header) + "\n", BookingReport.ToText([], ReportFormat.Tsv));
        Assert.Equal("\uFEFF" + string.Join(',', BookingReport.Header) + "\r\n", BookingReport.ToText([], ReportFormat.Csv));
    }

    [Fact]
    public void TheCsvBomIsUtf8OnTheWire()
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true)) BookingReport.Write(writer, [], ReportFormat.Csv);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, stream.ToArray()[..3]);
    }

    [Fact]
    public void TheDefaultRangeIsTheLast120DaysUpToTodayInTheBusinessZone()
    {
        // 23:30 UTC on 31 Dec is already 1 Jan in Warsaw.
        var (from, to) = BookingReport.DefaultRange(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero), Warsaw);
        Assert.Equal(new DateOnly(2027, 1, 1), to);
        Assert.Equal(120, to.DayNumber - from.DayNumber + 1);
        var (start, end) = BookingReport.Instants(from, to, Warsaw);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 23, 0, 0, TimeSpan.Zero), end);
        Assert.Equal(new DateOnly(2026, 9, 4), from);
        Assert.Equal(new DateTimeOffset(2026, 9, 4, 0, 0, 0, TimeSpan.FromHours(2)), start); // summer time then
    }

    [Theory]
    [InlineData("2026-12-02", "2026-12-01", "after")]
    [InlineData("2026-01-01", "2027-02-05", "400")]
    [InlineData("1999-12-31", "2000-01-05", "2000")]
    [InlineData("2200-12-31", "2201-01-01", "2200")]
    public void ABadRangeIsRefused(string from, string to, string expected)
    {
        var error = BookingReport.Validate(BookingReport.ParseDate(from)!.Value, BookingReport.ParseDate(to)!.Value);
        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void FourHundredDaysAreAllowed()
    {
        Assert.Null(BookingReport.Validate(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1).AddDays(399)));
        Assert.Null(BookingReport.ParseDate("2026-13-01"));
        Assert.Null(BookingReport.ParseDate("01/12/2026"));
    }
}
