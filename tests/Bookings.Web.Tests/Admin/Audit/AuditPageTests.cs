using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Pages.Admin.Calendar;
using Bookings.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin.Audit;

/// <summary>
/// The audit log pages on the real app: /admin/{slug}/audit for the calendar's administrators (everyone else 404), /admin/audit
/// for tenant admins (everyone else 404); newest first, the date filter, TSV and CSV exports that parse back, hostile text encoded.
/// </summary>
public sealed class AuditPageTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public AuditPageTests() => _factory.Settings["Workers:Enabled"] = "false";

    public void Dispose() => _factory.Dispose();

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    private async Task<Mailbox> ContosoAsync()
    {
        _ = _factory.Server; // the app seeds the demo calendar on start
        return (await Store.GetMailboxBySlugAsync("contoso"))!;
    }

    private async Task<AuditEntry> AppendAsync(DateTimeOffset at, string action, string target, string details, string? mailboxId = "", string actor = "anna@contoso.example")
    {
        var entry = AuditEntry.Create(at, mailboxId == "" ? (await ContosoAsync()).Id : mailboxId, actor, action, target, details);
        await Store.AppendAuditAsync(entry);
        return entry;
    }

    /// <summary>Renames the consult service through the store and records the change as the admin pages do.</summary>
    private async Task<AuditEntry> RenameServiceAsync(string name, DateTimeOffset at)
    {
        var mailbox = await ContosoAsync();
        var doc = CalendarJson.Clone(mailbox.Document);
        doc.Services.Single(s => s.Id == "consult").DisplayName = name;
        var saved = await Store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
        return await AppendAsync(at, "service.update", "consult", AuditDiff.Describe(mailbox.Document, saved.Document));
    }

    private async Task AddStaffAsync(string id, string email, StaffRole role)
    {
        var mailbox = await ContosoAsync();
        mailbox.Document.StaffMembers.Add(new BookingStaffMember { Id = id, DisplayName = id, EmailAddress = email, Role = role });
        await Store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
    }

    private static string[][] Tsv(string text) => [.. text.TrimEnd('\n').Split('\n').Select(l => l.Split('\t'))];

    /// <summary>RFC 4180 fields (quotes doubled), one record per CRLF line (the export never has a line break inside a value).</summary>
    private static string[][] Csv(string text) => [.. text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(CsvLine)];

    private static string[] CsvLine(string line)
    {
        var fields = new List<string>();
        var b = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { b.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else b.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(b.ToString()); b.Clear(); }
            else b.Append(c);
        }
        fields.Add(b.ToString());
        return [.. fields];
    }

    [Fact]
    public async Task AnAdministratorSeesADocumentChangeNewestFirstInTheBusinessZone()
    {
        await AppendAsync(BookingsFactory.DefaultNow.AddHours(-2), "staff.invite", "maria", "");
        await RenameServiceAsync("Porada podatkowa", BookingsFactory.DefaultNow);
        using var anna = await SignedInAsync("anna@contoso.example");

        var page = await anna.GetAsync("/admin/contoso/audit");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("2026-11-30 09:00:00", html); // 08:00Z in Warsaw
        Assert.Contains("service.update", html);
        Assert.Contains("Porada podatkowa", html);
        Assert.Contains("services[consult].displayName", html);
        Assert.Contains("anna@contoso.example", html);
        Assert.True(html.IndexOf("service.update", StringComparison.Ordinal) < html.IndexOf("staff.invite", StringComparison.Ordinal), "newest first");
        Assert.Contains("aria-current=\"page\"", html);
    }

    [Fact]
    public async Task OnlyTheCalendarsAdministratorsSeeItsLogAndOnlyTenantAdminsTheTenantLog()
    {
        await AppendAsync(BookingsFactory.DefaultNow, "service.update", "consult", "x");
        await AddStaffAsync("sara", "sara@contoso.example", StaffRole.Scheduler);
        await AddStaffAsync("vera", "vera@contoso.example", StaffRole.Viewer);
        using var anna = await SignedInAsync("anna@contoso.example");
        using var boss = await SignedInAsync("boss@contoso.example", tenantAdmin: true);
        using var sara = await SignedInAsync("sara@contoso.example");
        using var vera = await SignedInAsync("vera@contoso.example");
        using var piotr = await SignedInAsync("piotr@contoso.example");
        using var stranger = await SignedInAsync("someone@else.example");

        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync("/admin/contoso/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await boss.GetAsync("/admin/contoso/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await boss.GetAsync("/admin/audit")).StatusCode);
        foreach (var refused in new[] { sara, vera, piotr, stranger })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await refused.GetAsync("/admin/contoso/audit")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await refused.GetAsync("/admin/contoso/audit?format=tsv")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await refused.GetAsync("/admin/audit")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await refused.GetAsync("/admin/audit?format=csv")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/no-such-calendar/audit")).StatusCode);

        using var anonymous = AdminClients.Anonymous(_factory);
        foreach (var path in new[] { "/admin/contoso/audit", "/admin/audit" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/admin/signin", response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task TheExportsParseBackWithHostileCellsNeutralised()
    {
        const string hostile = "=cmd|' /C calc'!A0\tnext\nline, \"quoted\"";
        await AppendAsync(BookingsFactory.DefaultNow, "service.update", "+consult", hostile, actor: "@evil");
        await AppendAsync(BookingsFactory.DefaultNow.AddMinutes(-5), "staff.invite", "maria", "Żółć → ok");
        using var anna = await SignedInAsync("anna@contoso.example");

        var tsv = await anna.GetAsync("/admin/contoso/audit?from=2026-11-30&to=2026-11-30&format=tsv");
        Assert.Equal(HttpStatusCode.OK, tsv.StatusCode);
        Assert.Equal("text/tab-separated-values; charset=utf-8", tsv.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"audit-contoso-2026-11-30-2026-11-30.tsv\"", tsv.Content.Headers.ContentDisposition!.ToString());
        var rows = Tsv(await tsv.Content.ReadAsStringAsync());
        Assert.Equal(3, rows.Length);
        Assert.Equal(AuditView.Header, rows[0]);
        Assert.All(rows, r => Assert.Equal(AuditView.Header.Count, r.Length));
        Assert.Equal(["2026-11-30T09:00:00+01:00", "contoso", "'@evil", "service.update", "'+consult", "'=cmd|' /C calc'!A0 next line, \"quoted\""], rows[1]);
        Assert.Equal("Żółć → ok", rows[2][5]);

        var csv = await anna.GetAsync("/admin/contoso/audit?from=2026-11-30&to=2026-11-30&format=csv");
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"audit-contoso-2026-11-30-2026-11-30.csv\"", csv.Content.Headers.ContentDisposition!.ToString());
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var records = Csv(Encoding.UTF8.GetString(bytes));
        Assert.Equal(3, records.Length);
        Assert.Equal("'=cmd|' /C calc'!A0\tnext line, \"quoted\"", records[1][5]);
        Assert.Equal("'@evil", records[1][2]);
    }

    [Fact]
    public async Task TheFilterIncludesBothDaysInTheBusinessZone()
    {
        // Warsaw is UTC+1 in winter: 2026-11-30 starts at 2026-11-29T23:00Z and ends at 2026-11-30T23:00Z.
        var before = await AppendAsync(new DateTimeOffset(2026, 11, 29, 22, 59, 59, TimeSpan.Zero), "a.before", "t", "");
        var first = await AppendAsync(new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero), "a.first", "t", "");
        var last = await AppendAsync(new DateTimeOffset(2026, 11, 30, 22, 59, 59, TimeSpan.Zero), "a.last", "t", "");
        var after = await AppendAsync(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), "a.after", "t", "");
        using var anna = await SignedInAsync("anna@contoso.example");

        var rows = Tsv(await anna.GetStringAsync("/admin/contoso/audit?from=2026-11-30&to=2026-11-30&format=tsv"));
        Assert.Equal(["a.last", "a.first"], rows.Skip(1).Select(r => r[3]));
        Assert.Equal("2026-11-30T00:00:00+01:00", rows[2][0]);

        var html = await anna.GetStringAsync("/admin/contoso/audit?from=2026-11-29&to=2026-12-01");
        foreach (var e in new[] { before, first, last, after }) Assert.Contains(e.Action, html);
        Assert.Contains("value=\"2026-11-29\"", html);
        Assert.Contains("value=\"2026-12-01\"", html);

        var wrong = await anna.GetAsync("/admin/contoso/audit?from=2026-12-02&to=2026-12-01");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("must not be after", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.GetAsync("/admin/contoso/audit?from=2026-13-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.GetAsync("/admin/contoso/audit?format=xlsx")).StatusCode);
    }

    [Fact]
    public async Task HostileTextLandsEncodedWithItsLineBreaks()
    {
        await AppendAsync(BookingsFactory.DefaultNow, "service.update", "<b>bold</b>", "line one\n<script>alert('x')</script>\nline \"three\"", actor: "<img src=x onerror=alert(1)>");
        using var anna = await SignedInAsync("anna@contoso.example");
        using var boss = await SignedInAsync("boss@contoso.example", tenantAdmin: true);

        foreach (var html in new[] { await anna.GetStringAsync("/admin/contoso/audit"), await boss.GetStringAsync("/admin/audit") })
        {
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("<b>bold</b>", html);
            Assert.Contains("&lt;script&gt;", html);
            // The line break is kept (a character reference the browser reads as one; the cell is white-space: pre-wrap).
            Assert.Contains("<td class=\"audit-details\">line one&#xA;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&#xA;line &quot;three&quot;</td>", html);
        }
    }

    [Fact]
    public async Task TheTenantLogListsEveryCalendarAndTheLocalAccounts()
    {
        var mailbox = await ContosoAsync();
        var other = CalendarJson.Clone(mailbox.Document);
        other.Id = null;
        other.Slug = "fabrikam";
        other.DisplayName = "Fabrikam Fitness";
        var fabrikam = await Store.CreateMailboxAsync(other);
        await AppendAsync(BookingsFactory.DefaultNow.AddMinutes(-3), "service.update", "consult", "contoso change");
        await AppendAsync(BookingsFactory.DefaultNow.AddMinutes(-2), "staff.update", "anna", "fabrikam change", mailboxId: fabrikam.Id);
        await AppendAsync(BookingsFactory.DefaultNow.AddMinutes(-1), "user.add", "new@contoso.example", "tenantAdmin: false", mailboxId: null, actor: "cli:root");
        using var boss = await SignedInAsync("boss@contoso.example", tenantAdmin: true);

        var html = await boss.GetStringAsync("/admin/audit");
        Assert.Contains("Contoso Consulting", html);
        Assert.Contains("href=\"/admin/fabrikam/audit\"", html);
        Assert.Contains("Fabrikam Fitness", html);
        Assert.Contains("Local accounts", html);
        Assert.Contains("cli:root", html);
        Assert.True(html.IndexOf("user.add", StringComparison.Ordinal) < html.IndexOf("staff.update", StringComparison.Ordinal));
        Assert.True(html.IndexOf("staff.update", StringComparison.Ordinal) < html.IndexOf("contoso change", StringComparison.Ordinal));
        Assert.Contains("07:59:00", html); // UTC

        var export = await boss.GetAsync("/admin/audit?from=2026-11-30&to=2026-11-30&format=tsv");
        Assert.Equal("attachment; filename=\"audit-all-2026-11-30-2026-11-30.tsv\"", export.Content.Headers.ContentDisposition!.ToString());
        var rows = Tsv(await export.Content.ReadAsStringAsync());
        Assert.Equal(["", "fabrikam", "contoso"], rows.Skip(1).Select(r => r[1]));
        Assert.Equal("2026-11-30T07:59:00+00:00", rows[1][0]);

        // The calendar's own log holds only its own entries.
        using var anna = await SignedInAsync("anna@contoso.example");
        var own = Tsv(await anna.GetStringAsync("/admin/contoso/audit?format=tsv"));
        Assert.Equal(["contoso change"], own.Skip(1).Select(r => r[5]));
    }

    [Fact]
    public async Task ThePagesSpeakPolish()
    {
        await AppendAsync(BookingsFactory.DefaultNow, "service.update", "consult", "x");
        using var anna = await SignedInAsync("anna@contoso.example");
        using var boss = await SignedInAsync("boss@contoso.example", tenantAdmin: true);

        var calendar = await anna.GetStringAsync("/admin/contoso/audit?lang=pl");
        Assert.Contains("Dziennik zmian", calendar);
        Assert.Contains("Eksportuj CSV", calendar);
        Assert.Contains("Kiedy", calendar);
        Assert.DoesNotContain(">When<", calendar);
        var tenant = await boss.GetStringAsync("/admin/audit?lang=pl");
        Assert.Contains("Dziennik zmian wszystkich kalendarzy", tenant);
        var wrong = await anna.GetAsync("/admin/contoso/audit?lang=pl&from=2026-12-02&to=2026-12-01");
        Assert.Contains("nie może być późniejsza", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("Raporty", await anna.GetStringAsync("/admin/contoso/reports?lang=pl"));
        Assert.Contains("Pobierz", await anna.GetStringAsync("/admin/contoso/reports?lang=pl"));
        Assert.Contains("Wiadomości wychodzące", await anna.GetStringAsync("/admin/contoso/outbox?lang=pl"));
    }

    [Fact]
    public async Task ResendingAMessageIsAuditedAndNeedsTheAntiforgeryToken()
    {
        using (var api = AdminClients.Anonymous(_factory))
        {
            var booked = await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
            {
                serviceId = "consult",
                staffId = "anna",
                start = "2026-12-01T10:00:00+01:00",
                customer = new { name = "Jan Kowalski", email = "jan@example.com" },
            });
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }
        var mailbox = await ContosoAsync();
        var message = (await Store.ListOutboxAsync(mailbox.Id)).First();
        await Store.MarkOutboxSentAsync(message.Id, BookingsFactory.DefaultNow);
        using var anna = await SignedInAsync("anna@contoso.example");
        var preview = await anna.GetStringAsync($"/admin/contoso/outbox?id={message.Id}");

        var forged = await anna.PostAsync($"/admin/contoso/outbox?id={message.Id}&handler=Resend", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty(await Store.ListAuditAsync(mailbox.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10));

        var token = AdminClients.AntiforgeryToken(preview);
        var resent = await anna.PostAsync($"/admin/contoso/outbox?id={message.Id}&handler=Resend", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.SeeOther, resent.StatusCode);
        var entry = Assert.Single(await Store.ListAuditAsync(mailbox.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 10));
        Assert.Equal(("outbox.resend", message.Id, "anna@contoso.example"), (entry.Action, entry.Target, entry.Actor));
        Assert.DoesNotContain("jan@example.com", entry.Details);

        var unknown = await anna.PostAsync("/admin/contoso/outbox?id=no-such-message&handler=Resend", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
