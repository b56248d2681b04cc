using System.Globalization;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Reports;

public enum ReportFormat { Tsv, Csv }

/// <summary>One attendee seat of an appointment, as the report shows it (times already in the business zone, ISO 8601 with offset).</summary>
public sealed record BookingReportRow(
    string Calendar,
    string AppointmentId,
    string ServiceId,
    string ServiceName,
    string StaffId,
    string StaffName,
    string Start,
    string End,
    int DurationMinutes,
    string Status,
    int Seats,
    string CustomerName,
    string? Email,
    string? Phone,
    string? Notes,
    string Answers,
    string? ConsentAt,
    bool SmsOptIn,
    string BookedAt);

/// <summary>
/// The bookings report (Microsoft Bookings' "Reports" TSV), one row per attendee seat, booked and cancelled seats alike, as TSV
/// or CSV. Safe to open in a spreadsheet: a value starting with =, +, -, @, TAB or CR gets a leading apostrophe (OWASP's CSV
/// injection advice; so a phone number "+48…" shows as "'+48…"), and tabs and line breaks inside values never break a row or
/// a column: TSV turns tabs, CR and LF into a space; CSV quotes per RFC 4180 and also turns CR and LF into a space, so a row
/// is always one line. CSV starts with a UTF-8 byte order mark (U+FEFF, written as a character: the writer's UTF-8 encoding
/// makes it EF BB BF) so Excel reads it as UTF-8, and ends lines with CRLF; TSV has no BOM and ends lines with LF.
/// Cancelled appointments are in it too (every seat of an appointment cancelled as a whole shows as cancelled), as in
/// Microsoft Bookings.
/// </summary>
public static class BookingReport
{
    /// <summary>Microsoft Bookings' default: the last 120 days (today included).</summary>
    public const int DefaultDays = 120;

    /// <summary>The longest range a report may cover, in days (both ends included).</summary>
    public const int MaxDays = 400;

    public static readonly IReadOnlyList<string> Header =
    [
        "Calendar", "Appointment id", "Service id", "Service", "Staff id", "Staff", "Start", "End", "Duration (minutes)", "Status",
        "Seats", "Customer", "Email", "Phone", "Notes", "Answers", "Consent at", "SMS opt-in", "Booked at",
    ];

    private const string DateFormat = "yyyy-MM-dd";
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    /// <summary>The default range: the last <see cref="DefaultDays"/> days up to today (inclusive) in the business zone.</summary>
    public static (DateOnly From, DateOnly To) DefaultRange(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZones.InZone(now, zone).DateTime);
        return (today.AddDays(-(DefaultDays - 1)), today);
    }

    /// <summary>Parses yyyy-MM-dd; null when it is not such a date.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Why the range is refused (from after to, more than <see cref="MaxDays"/> days, a year outside 2000–2200), or null when it is fine.</summary>
    public static string? Validate(DateOnly from, DateOnly to)
    {
        if (from.Year is < 2000 or > 2200 || to.Year is < 2000 or > 2200) return "Dates must be in the years 2000 to 2200.";
        if (from > to) return "The start date must not be after the end date.";
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) return $"A report covers at most {MaxDays} days.";
        return null;
    }

    /// <summary>The instants of the range: [start of <paramref name="from"/>, start of the day after <paramref name="to"/>) in the zone.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Instants(DateOnly from, DateOnly to, TimeZoneInfo zone) =>
        (TimeZones.StartOfWallClock(zone, from.ToDateTime(TimeOnly.MinValue)), TimeZones.StartOfWallClock(zone, to.AddDays(1).ToDateTime(TimeOnly.MinValue)));

    /// <summary>The rows of the appointments that start within [from, to] (dates in the business zone, both included).</summary>
    public static async Task<IReadOnlyList<BookingReportRow>> ReadAsync(IAppointmentStore store, Mailbox mailbox, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(mailbox);
        var zone = TimeZones.Resolve(mailbox.Document.BusinessTimeZone);
        var (start, end) = Instants(from, to, zone);
        // Booked and cancelled appointments by their own start (buffers left out).
        return Rows(mailbox, await store.ListAppointmentHistoryAsync(mailbox.Id, start, end, ct), zone);
    }

    /// <summary>One row per attendee seat (booked and cancelled), in order of start, appointment id and seat.</summary>
    public static IReadOnlyList<BookingReportRow> Rows(Mailbox mailbox, IEnumerable<Appointment> appointments, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(appointments);
        ArgumentNullException.ThrowIfNull(zone);
        var doc = mailbox.Document;
        var questions = doc.CustomQuestions.Select((q, i) => (q, i)).GroupBy(x => x.q.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        string At(DateTimeOffset t) => TimeZones.InZone(t, zone).ToString(InstantFormat, CultureInfo.InvariantCulture);

        var rows = new List<BookingReportRow>();
        foreach (var a in appointments.OrderBy(a => a.Start).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            var service = doc.Services.FirstOrDefault(s => s.Id == a.ServiceId);
            var staff = doc.StaffMembers.FirstOrDefault(s => s.Id == a.StaffId);
            foreach (var t in a.Attendees)
            {
                var answers = string.Join("; ", t.Answers
                    .OrderBy(kv => questions.TryGetValue(kv.Key, out var q) ? q.i : int.MaxValue).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => $"{(questions.TryGetValue(kv.Key, out var q) ? q.q.DisplayName : kv.Key)}: {kv.Value}"));
                rows.Add(new BookingReportRow(
                    mailbox.Slug, a.Id, a.ServiceId, service?.DisplayName ?? "", a.StaffId, staff?.DisplayName ?? "",
                    At(a.Start), At(a.End), (int)Math.Round((a.End - a.Start).TotalMinutes),
                    a.Status == AppointmentStatus.Cancelled || t.Status == AttendeeStatus.Cancelled ? "cancelled" : "booked",
                    a.Seats, t.Name, t.Email, t.Phone, t.Notes, answers,
                    t.ConsentAt is { } c ? At(c) : null, t.SmsOptIn, At(t.CreatedAt)));
            }
        }
        return rows;
    }

    /// <summary>Writes the header and the rows (see the class remarks for the safety rules, the BOM and the line ends).</summary>
    public static void Write(TextWriter writer, IEnumerable<BookingReportRow> rows, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        var newline = format == ReportFormat.Csv ? "\r\n" : "\n";
        if (format == ReportFormat.Csv) writer.Write('\uFEFF');
        WriteLine(writer, Header, format, newline);
        foreach (var r in rows)
        {
            WriteLine(writer,
            [
                r.Calendar, r.AppointmentId, r.ServiceId, r.ServiceName, r.StaffId, r.StaffName, r.Start, r.End,
                r.DurationMinutes.ToString(CultureInfo.InvariantCulture), r.Status, r.Seats.ToString(CultureInfo.InvariantCulture),
                r.CustomerName, r.Email, r.Phone, r.Notes, r.Answers, r.ConsentAt, r.SmsOptIn ? "yes" : "no", r.BookedAt,
            ], format, newline);
        }
    }

    /// <summary>The report as a string (CSV with its BOM character first).</summary>
    public static string ToText(IEnumerable<BookingReportRow> rows, ReportFormat format)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        Write(w, rows, format);
        return w.ToString();
    }

    public static string ContentType(ReportFormat format) =>
        format == ReportFormat.Csv ? "text/csv; charset=utf-8" : "text/tab-separated-values; charset=utf-8";

    public static string Extension(ReportFormat format) => format == ReportFormat.Csv ? "csv" : "tsv";

    /// <summary>tsv or csv (any case); null otherwise.</summary>
    public static ReportFormat? ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "tsv" => ReportFormat.Tsv,
        "csv" => ReportFormat.Csv,
        _ => null,
    };

    private static void WriteLine(TextWriter writer, IReadOnlyList<string?> values, ReportFormat format, string newline)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) writer.Write(format == ReportFormat.Csv ? ',' : '\t');
            writer.Write(format == ReportFormat.Csv ? Csv(values[i]) : Tsv(values[i]));
        }
        writer.Write(newline);
    }

    /// <summary>OWASP: a cell starting with =, +, -, @, TAB or CR is a formula to a spreadsheet; a leading apostrophe makes it text.</summary>
    public static string Neutralise(string? value) => DelimitedText.Neutralise(value);

    internal static string Tsv(string? value) => DelimitedText.Tsv(value);

    internal static string Csv(string? value) => DelimitedText.Csv(value);
}
