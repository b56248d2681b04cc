using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Reports;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin;

/// <summary>
/// The reports page (/admin/{slug}/reports) and API (GET /api/v1/calendars/{slug}/report) on the real app: administrators,
/// schedulers and viewers of a calendar download TSV and CSV; team members and strangers get 404; anonymous visitors the
/// sign-in page, or from the API (which uses the admin cookie too) a 401 ProblemDetails, never a redirect.
/// </summary>
public sealed partial class ReportTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public ReportTests() => _factory.Settings["Workers:Enabled"] = "false";

    public void Dispose() => _factory.Dispose();

    private HttpClient NewClient() => AdminClients.Anonymous(_factory);

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    private async Task BookAsync(string name = "Jan Kowalski", string? notes = null)
    {
        using var api = NewClient();
        var response = await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name, email = "jan@example.com", notes },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task AddStaffAsync(string id, string email, StaffRole role)
    {
        var store = _factory.Services.GetRequiredService<IBookingStore>();
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        mailbox.Document.StaffMembers.Add(new BookingStaffMember { Id = id, DisplayName = id, EmailAddress = email, Role = role });
        await store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
    }

    private static string[][] Tsv(string text) => [.. text.TrimEnd('\n').Split('\n').Select(l => l.Split('\t'))];

    [Fact]
    public async Task AnAdministratorDownloadsTsvAndCsvFromThePage()
    {
        await BookAsync("=HYPERLINK(\"http://evil\")", "two\nlines\tand a tab");
        using var anna = await SignedInAsync("anna@contoso.example");

        var form = await anna.GetAsync("/admin/contoso/reports");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("frame-ancestors 'none'", form.Headers.GetValues("Content-Security-Policy").Single());
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("value=\"2026-08-03\"", html); // the last 120 days up to 2026-11-30
        Assert.Contains("value=\"2026-11-30\"", html);

        var tsv = await anna.GetAsync("/admin/contoso/reports?from=2026-12-01&to=2026-12-01&format=tsv");
        Assert.Equal(HttpStatusCode.OK, tsv.StatusCode);
        Assert.Equal("text/tab-separated-values; charset=utf-8", tsv.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"bookings-contoso-2026-12-01-2026-12-01.tsv\"", tsv.Content.Headers.ContentDisposition!.ToString());
        var bytes = await tsv.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
        var rows = Tsv(Encoding.UTF8.GetString(bytes));
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Equal(BookingReport.Header.Count, r.Length));
        Assert.Equal("'=HYPERLINK(\"http://evil\")", rows[1][Array.IndexOf(rows[0], "Customer")]);
        Assert.Equal("two lines and a tab", rows[1][Array.IndexOf(rows[0], "Notes")]);
        Assert.Equal("2026-12-01T10:00:00+01:00", rows[1][Array.IndexOf(rows[0], "Start")]);
        Assert.Equal("booked", rows[1][Array.IndexOf(rows[0], "Status")]);

        var csv = await anna.GetAsync("/admin/contoso/reports?from=2026-11-01&to=2026-12-31&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"bookings-contoso-2026-11-01-2026-12-31.csv\"", csv.Content.Headers.ContentDisposition!.ToString());
        var csvBytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csvBytes[..3]);
        var lines = Encoding.UTF8.GetString(csvBytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", lines[1]);
    }

    [Fact]
    public async Task TheApiAnswersTsvAndCsvAndDefaultsToTheLast120Days()
    {
        await BookAsync();
        using var boss = await SignedInAsync("boss@contoso.example", tenantAdmin: true);

        var csv = await boss.GetAsync("/api/v1/calendars/contoso/report?from=2026-12-01&to=2026-12-31&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"bookings-contoso-2026-12-01-2026-12-31.csv\"", csv.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, (await csv.Content.ReadAsByteArrayAsync())[..3]);
        Assert.Contains("Jan Kowalski", await csv.Content.ReadAsStringAsync());

        // On 2026-11-30 the default range (2026-08-03 to 2026-11-30) does not hold the booking of 1 December.
        var before = await boss.GetAsync("/api/v1/calendars/contoso/report");
        Assert.Equal("text/tab-separated-values; charset=utf-8", before.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment; filename=\"bookings-contoso-2026-08-03-2026-11-30.tsv\"", before.Content.Headers.ContentDisposition!.ToString());
        Assert.Single(Tsv(await before.Content.ReadAsStringAsync()));

        // The sign-in cookie lasts 8 hours on the fake clock too: sign in again after moving it.
        _factory.Time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        using var later = await SignedInAsync("boss2@contoso.example", tenantAdmin: true);
        var after = await later.GetAsync("/api/v1/calendars/contoso/report");
        Assert.Equal("attachment; filename=\"bookings-contoso-2026-08-08-2026-12-05.tsv\"", after.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(2, Tsv(await after.Content.ReadAsStringAsync()).Length);

        _factory.Time.SetUtcNow(new DateTimeOffset(2027, 4, 1, 12, 0, 0, TimeSpan.Zero)); // the default range starts on 2026-12-03
        using var muchLater = await SignedInAsync("boss3@contoso.example", tenantAdmin: true);
        Assert.Single(Tsv(await muchLater.GetStringAsync("/api/v1/calendars/contoso/report")));
        Assert.Equal(2, Tsv(await muchLater.GetStringAsync("/api/v1/calendars/contoso/report?from=2026-12-01")).Length); // to: today
    }

    [Fact]
    public async Task AnAppointmentCancelledAsAWholeIsInTheReportMarkedCancelled()
    {
        await BookAsync("Jan Kowalski");
        var store = _factory.Services.GetRequiredService<IBookingStore>();
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        var day = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var jan = Assert.Single(await store.ListAppointmentsAsync(mailbox.Id, day, day.AddDays(1)));
        Assert.True(await store.CancelAttendeeAsync(mailbox.Id, jan.Id, jan.Attendees[0].Id, (_, _) => []));
        await BookAsync("Ewa Nowak"); // the freed slot is booked again
        using var anna = await SignedInAsync("anna@contoso.example");

        var rows = Tsv(await anna.GetStringAsync("/admin/contoso/reports?from=2026-12-01&to=2026-12-01&format=tsv"));

        Assert.Equal(3, rows.Length);
        Assert.All(rows, r => Assert.Equal(BookingReport.Header.Count, r.Length));
        int Column(string name) => Array.IndexOf(rows[0], name);
        var byCustomer = rows.Skip(1).ToDictionary(r => r[Column("Customer")]);
        Assert.Equal((jan.Id, "cancelled", "2026-12-01T10:00:00+01:00"),
            (byCustomer["Jan Kowalski"][Column("Appointment id")], byCustomer["Jan Kowalski"][Column("Status")], byCustomer["Jan Kowalski"][Column("Start")]));
        Assert.Equal("booked", byCustomer["Ewa Nowak"][Column("Status")]);

        var csv = await anna.GetStringAsync("/api/v1/calendars/contoso/report?from=2026-12-01&to=2026-12-01&format=csv");
        var line = Assert.Single(csv.Split("\r\n"), l => l.Contains("Jan Kowalski", StringComparison.Ordinal));
        Assert.Contains(",cancelled,", line);
    }

    [Fact]
    public async Task SchedulersAndViewersMayTeamMembersAndStrangersMayNot()
    {
        await BookAsync();
        await AddStaffAsync("sara", "sara@contoso.example", StaffRole.Scheduler);
        await AddStaffAsync("vera", "vera@contoso.example", StaffRole.Viewer);
        using var sara = await SignedInAsync("sara@contoso.example");
        using var vera = await SignedInAsync("vera@contoso.example");
        using var piotr = await SignedInAsync("piotr@contoso.example"); // team member
        using var stranger = await SignedInAsync("someone@else.example");

        foreach (var allowed in new[] { sara, vera })
        {
            Assert.Equal(HttpStatusCode.OK, (await allowed.GetAsync("/admin/contoso/reports?format=tsv")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await allowed.GetAsync("/api/v1/calendars/contoso/report")).StatusCode);
        }
        Assert.Contains("/admin/contoso/reports", await vera.GetStringAsync("/admin"));
        Assert.DoesNotContain("/admin/contoso/reports", await piotr.GetStringAsync("/admin"));

        foreach (var refused in new[] { piotr, stranger })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await refused.GetAsync("/admin/contoso/reports")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await refused.GetAsync("/admin/contoso/reports?format=csv")).StatusCode);
            var api = await refused.GetAsync("/api/v1/calendars/contoso/report");
            Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/calendars/no-such-calendar/report")).StatusCode);
    }

    [Fact]
    public async Task AnAnonymousVisitorIsSentToSignInFromThePageAndTheApiAnswers401()
    {
        using var client = NewClient();
        foreach (var path in new[] { "/admin/contoso/reports", "/admin/contoso/reports?format=tsv" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/admin/signin", response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString);
        }

        var problem = await ProblemAsync(await client.GetAsync("/api/v1/calendars/contoso/report"), HttpStatusCode.Unauthorized, "sign_in_required");

        Assert.Equal("You are not signed in.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AUserWhoMustStillChangeTheirPasswordGets403FromTheApiNotARedirect()
    {
        using var anna = await AdminClients.SignedInAsync(_factory, "anna@contoso.example", mustChangePassword: true);

        var problem = await ProblemAsync(await anna.GetAsync("/api/v1/calendars/contoso/report"), HttpStatusCode.Forbidden, "password_change_required");

        Assert.Equal("Change your one-time password first.", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Redirect, (await anna.GetAsync("/admin/contoso/reports")).StatusCode); // the page still sends to the form
    }

    /// <summary>An API answer that must be a ProblemDetails with this status and code, and no redirect.</summary>
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    [Theory]
    [InlineData("from=2026-12-02&to=2026-12-01&format=tsv", "after")]
    [InlineData("from=2025-01-01&to=2026-12-01&format=tsv", "400 days")]
    [InlineData("from=1999-12-30&to=2000-01-02&format=tsv", "2000")]
    [InlineData("from=2026-13-01&to=2026-12-01&format=tsv", "yyyy-MM-dd")]
    [InlineData("from=2026-12-01&to=2026-12-01&format=xlsx", "tsv")]
    public async Task ABadRangeIsA400(string query, string expected)
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        var page = await anna.GetAsync("/admin/contoso/reports?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains(expected, await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var api = await anna.GetAsync("/api/v1/calendars/contoso/report?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(expected, problem.GetProperty("errors").ToString(), StringComparison.OrdinalIgnoreCase);
    }

}
