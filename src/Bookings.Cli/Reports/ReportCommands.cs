using System.CommandLine;
using Bookings.Core.Reports;
using Bookings.Core.Time;

namespace Bookings.Cli.Reports;

/// <summary>
/// `bookings report SLUG [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--format tsv|csv]`: the bookings report on stdout, one row per
/// attendee seat (see <see cref="BookingReport"/>). Default: the last 120 days up to today (inclusive) in the business zone.
/// </summary>
internal static class ReportCommands
{
    public static Command Create()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd, business time zone); default: 119 days before --to.", HelpName = "yyyy-MM-dd" };
        var to = new Option<string?>("--to") { Description = "Last day, included (yyyy-MM-dd); default: today in the business time zone.", HelpName = "yyyy-MM-dd" };
        var format = new Option<string>("--format") { Description = "tsv (default) or csv (UTF-8 with a byte order mark, for Excel).", HelpName = "tsv|csv", DefaultValueFactory = _ => "tsv" };
        var command = new Command("report", "The bookings of a date range as TSV or CSV on stdout, one row per attendee seat (booked and cancelled seats).")
        {
            slug, from, to, format,
        };
        command.SetAction(async (r, ct) =>
        {
            var kind = BookingReport.ParseFormat(r.GetValue(format)) ?? throw new CliException($"Unknown --format '{r.GetValue(format)}': use tsv or csv.");
            var fromDate = Date(r.GetValue(from), "--from");
            var toDate = Date(r.GetValue(to), "--to");

            await using var store = await CliStore.OpenAsync(r, ct);
            var s = r.GetValue(slug)!;
            var mailbox = await store.FindCalendarAsync(s, ct);
            var zone = TimeZones.Resolve(mailbox.Document.BusinessTimeZone);
            var (defaultFrom, defaultTo) = BookingReport.DefaultRange(store.Time.GetUtcNow(), zone);
            var last = toDate ?? defaultTo;
            var first = fromDate ?? (toDate is null ? defaultFrom : last.AddDays(-(BookingReport.DefaultDays - 1)));
            if (BookingReport.Validate(first, last) is { } error) throw new CliException(error);

            var rows = await BookingReport.ReadAsync(store.Store, mailbox, first, last, ct);
            BookingReport.Write(r.InvocationConfiguration.Output, rows, kind);
            return CliApp.Success;
        });
        return command;
    }

    private static DateOnly? Date(string? text, string option) =>
        text is null ? null : BookingReport.ParseDate(text) ?? throw new CliException($"{option} '{text}' is not a date (yyyy-MM-dd).");
}
