using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Reports;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Cli.Audit;

/// <summary>
/// `bookings audit mailboxes [--json|--tsv]`: every scheduling mailbox with who holds which role (the counterpart of
/// <c>Get-Mailbox -RecipientTypeDetails SchedulingMailbox | Get-MailboxPermission</c>), on either store; on the embedded store
/// the local accounts that are tenant admins hold every calendar and are listed with each. `bookings audit log [--calendar SLUG]
/// [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--json|--tsv]`: the admin changes, newest first. Default output: a readable table.
/// TSV cells are neutralised against formula injection and never hold a tab or a line break (<see cref="DelimitedText"/>).
/// </summary>
internal static class AuditCommands
{

    /// <summary>The most entries `audit log` prints.</summary>
    public const int MaxEntries = 100_000;

    public const string TenantAdminRole = "tenantAdmin";

    public static readonly IReadOnlyList<string> MailboxHeader =
        ["Mailbox", "Slug", "Calendar", "Recipient type", "Published", "Address", "Name", "Role", "Status"];

    public static readonly IReadOnlyList<string> LogHeader = ["At", "Calendar", "Actor", "Action", "Target", "Details"];

    public static Command Create() => new("audit", "IT audit: the scheduling mailboxes and who holds which role; the log of admin changes.")
    {
        Mailboxes(),
        Log(),
    };

    private enum Output { Table, Json, Tsv }

    private static (Option<bool> Json, Option<bool> Tsv) FormatOptions() =>
        (new Option<bool>("--json") { Description = "Write JSON." }, new Option<bool>("--tsv") { Description = "Write TSV (safe to open in a spreadsheet)." });

    private static Output Format(ParseResult r, Option<bool> json, Option<bool> tsv) => (r.GetValue(json), r.GetValue(tsv)) switch
    {
        (true, true) => throw new CliException("Use either --json or --tsv, not both."),
        (true, false) => Output.Json,
        (false, true) => Output.Tsv,
        _ => Output.Table,
    };

    // ---- mailboxes ---------------------------------------------------------------------------------

    public sealed record RoleHolder(string Address, string Name, string Role, string Status, string Source);

    public sealed record MailboxAudit(string Address, string Slug, string DisplayName, string RecipientType, bool Published, IReadOnlyList<RoleHolder> Roles);

    private static Command Mailboxes()
    {
        var (json, tsv) = FormatOptions();
        var command = new Command("mailboxes", "Every scheduling mailbox: address, slug, name, recipient type, published, and each person with a role.") { json, tsv };
        command.SetAction(async (r, ct) =>
        {
            var output = Format(r, json, tsv);
            await using var store = await CliStore.OpenAsync(r, ct);
            var admins = store.Services.GetService<IUserStore>() is { } users
                ? (await users.ListAsync(ct)).Where(u => u.IsTenantAdmin).OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase).ToList()
                : [];
            var mailboxes = (await store.Store.ListMailboxesAsync(ct)).Select(m => new MailboxAudit(
                m.Id, m.Slug, m.DisplayName, RecipientType(m.RecipientType), m.Document.IsPublished,
                [
                    .. m.Document.StaffMembers.Select(s => new RoleHolder(s.EmailAddress ?? "", s.DisplayName, Camel(s.Role.ToString()), Camel(s.MembershipStatus.ToString()), "staff")),
                    .. admins.Select(u => new RoleHolder(u.Email, u.DisplayName, TenantAdminRole, "active", "localAccount")),
                ])).ToList();
            var w = r.InvocationConfiguration.Output;
            switch (output)
            {
                case Output.Json:
                    w.WriteLine(JsonSerializer.Serialize(mailboxes, CliApp.Json));
                    break;
                case Output.Tsv:
                    w.Write(DelimitedText.ToText(MailboxHeader, MailboxRows(mailboxes), ReportFormat.Tsv));
                    break;
                default:
                    WriteTable(w, MailboxHeader, MailboxRows(mailboxes));
                    break;
            }
            return CliApp.Success;
        });
        return command;
    }

    private static IEnumerable<IReadOnlyList<string?>> MailboxRows(IEnumerable<MailboxAudit> mailboxes)
    {
        foreach (var m in mailboxes)
        {
            string?[] head = [m.Address, m.Slug, m.DisplayName, m.RecipientType, m.Published ? "yes" : "no"];
            if (m.Roles.Count == 0) yield return [.. head, "", "", "", ""];
            foreach (var p in m.Roles) yield return [.. head, p.Address, p.Name, p.Role, p.Status];
        }
    }

    private static string RecipientType(string type) => type switch
    {
        Mailbox.SchedulingMailbox => "scheduling",
        "SharedMailbox" => "shared",
        _ => type,
    };

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    // ---- log ---------------------------------------------------------------------------------------

    public sealed record LogEntry(string Id, string At, string? Calendar, string? MailboxId, string Actor, string Action, string Target, string Details);

    private static Command Log()
    {
        var calendar = new Option<string?>("--calendar") { Description = "Only this calendar's changes (its slug); dates are then in its business time zone.", HelpName = "SLUG" };
        var from = new Option<string?>("--from") { Description = "First day, included (yyyy-MM-dd; UTC, or the calendar's zone).", HelpName = "yyyy-MM-dd" };
        var to = new Option<string?>("--to") { Description = "Last day, included (yyyy-MM-dd).", HelpName = "yyyy-MM-dd" };
        var (json, tsv) = FormatOptions();
        var command = new Command("log", "The admin changes (who, when, what), newest first.") { calendar, from, to, json, tsv };
        command.SetAction(async (r, ct) =>
        {
            var output = Format(r, json, tsv);
            var fromDate = Date(r.GetValue(from), "--from");
            var toDate = Date(r.GetValue(to), "--to");
            if (fromDate is { } f && toDate is { } t && f > t) throw new CliException("--from must not be after --to.");

            await using var store = await CliStore.OpenAsync(r, ct);
            var mailboxes = await store.Store.ListMailboxesAsync(ct);
            Mailbox? only = null;
            if (r.GetValue(calendar) is { } slug)
                only = mailboxes.FirstOrDefault(m => m.Slug == slug) ?? throw new CliException($"There is no calendar with slug '{slug}'.");
            var zone = only is null ? TimeZoneInfo.Utc : TimeZones.Resolve(only.Document.BusinessTimeZone);
            var start = fromDate is { } a ? TimeZones.StartOfWallClock(zone, a.ToDateTime(TimeOnly.MinValue)) : DateTimeOffset.MinValue;
            var end = toDate is { } b ? TimeZones.StartOfWallClock(zone, b.AddDays(1).ToDateTime(TimeOnly.MinValue)) : DateTimeOffset.MaxValue;

            var slugs = mailboxes.ToDictionary(m => m.Id, m => m.Slug, StringComparer.OrdinalIgnoreCase);
            var entries = (await store.Store.ListAuditAsync(only?.Id, start, end, MaxEntries, ct)).Select(e => new LogEntry(
                e.Id, TimeZones.InZone(e.At, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                e.MailboxId is null ? null : slugs.GetValueOrDefault(e.MailboxId, e.MailboxId), e.MailboxId, e.Actor, e.Action, e.Target, e.Details)).ToList();

            var w = r.InvocationConfiguration.Output;
            switch (output)
            {
                case Output.Json:
                    w.WriteLine(JsonSerializer.Serialize(entries, CliApp.Json));
                    break;
                case Output.Tsv:
                    w.Write(DelimitedText.ToText(LogHeader, LogRows(entries), ReportFormat.Tsv));
                    break;
                default:
                    WriteTable(w, LogHeader, LogRows(entries));
                    break;
            }
            return CliApp.Success;
        });
        return command;
    }

    private static IEnumerable<IReadOnlyList<string?>> LogRows(IEnumerable<LogEntry> entries) =>
        entries.Select(e => (IReadOnlyList<string?>)[e.At, e.Calendar ?? "", e.Actor, e.Action, e.Target, e.Details]);

    private static DateOnly? Date(string? text, string option) =>
        text is null ? null : BookingReport.ParseDate(text) ?? throw new CliException($"{option} '{text}' is not a date (yyyy-MM-dd).");

    // ---- the readable table --------------------------------------------------------------------------

    /// <summary>Columns padded to their widest cell, two spaces apart; line breaks become " / ", tabs and control characters a space.</summary>
    private static void WriteTable(TextWriter w, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var cells = new List<string[]> { header.Select(Cell).ToArray() };
        cells.AddRange(rows.Select(row => row.Select(Cell).ToArray()));
        var widths = Enumerable.Range(0, header.Count).Select(i => cells.Max(c => c[i].Length)).ToArray();
        foreach (var (row, index) in cells.Select((c, i) => (c, i)))
        {
            w.WriteLine(string.Join("  ", row.Select((c, i) => i == row.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
            if (index == 0) w.WriteLine(string.Join("  ", widths.Select(n => new string('-', n))));
        }
        if (cells.Count == 1) w.WriteLine("(none)");
    }

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var b = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n') i++;
            if (c is '\r' or '\n') b.Append(" / ");
            else b.Append(char.IsControl(c) ? ' ' : c);
        }
        return b.ToString();
    }
}
