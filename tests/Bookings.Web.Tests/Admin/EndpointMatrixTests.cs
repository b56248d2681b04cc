using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin;

/// <summary>
/// Every endpoint of the app against every role. An endpoint is either public by design (listed in <see cref="Public"/>) or
/// behind the admin sign-in with an entry in <see cref="AdminPages"/> saying what its GET and its POSTs need; a new endpoint
/// in neither list fails <see cref="EveryEndpointIsPublicByDesignOrBehindTheAdminSignIn"/> until someone decides. Then each
/// role is tried on each admin page: anonymous visitors go to the sign-in page, and a signed-in user gets the page exactly when
/// <see cref="CalendarPermissions"/> allows the role what the page needs, else the not-found page (also for every POST handler).
/// </summary>
public sealed class EndpointMatrixTests : IClassFixture<EndpointMatrixTests.App>
{
    /// <summary>Routes anyone may call (booking pages and API, manage links, health, sign-in), by route template.</summary>
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "book/{slug}", "book/{slug}/{serviceId}", "manage/{token}", "staff/invitation/{slug}/{staffId}/{token}",
        "api/v1/calendars/{slug}", "api/v1/calendars/{slug}/availability", "api/v1/calendars/{slug}/appointments",
        "api/v1/manage/{token}", "api/v1/manage/{token}/cancel", "api/v1/manage/{token}/reschedule", "api/v1/sms/inbound",
        "health", "openapi/{documentName}.json", "admin/signin", "admin/denied", "signin-oidc", "signout-callback-oidc",
        "admin/signin/microsoft",
    };

    /// <summary>
    /// Admin endpoints: the template, a path to try ({appointment} and {customer} are filled in), what a GET needs in the calendar
    /// (null: a page outside any calendar, see <see cref="TenantScope"/>), and what its POST handlers need (null: no POST).
    /// </summary>
    private static readonly (string Template, string Path, AdminAction? Get, AdminAction? Post, TenantScope Scope)[] AdminPages =
    [
        ("admin", "/admin", null, null, TenantScope.AnySignedIn),
        ("admin/new", "/admin/new", null, null, TenantScope.CalendarCreators),
        ("admin/tenant", "/admin/tenant", null, null, TenantScope.TenantAdmins),
        ("admin/tenant/graph-check", "/admin/tenant/graph-check", null, null, TenantScope.TenantAdmins),
        ("admin/audit", "/admin/audit", null, null, TenantScope.TenantAdmins),
        ("admin/{slug}", "/admin/contoso", AdminAction.View, null, TenantScope.Calendar),
        ("admin/{slug}/calendar", "/admin/contoso/calendar", AdminAction.View, null, TenantScope.Calendar),
        ("admin/{slug}/appointments/new", "/admin/contoso/appointments/new", AdminAction.ManageOwnAppointments, AdminAction.ManageOwnAppointments, TenantScope.Calendar),
        ("admin/{slug}/appointments/{id}", "/admin/contoso/appointments/{appointment}", AdminAction.View, AdminAction.ManageAppointments, TenantScope.Calendar),
        ("admin/{slug}/customers", "/admin/contoso/customers", AdminAction.ViewCustomers, null, TenantScope.Calendar),
        ("admin/{slug}/customers/{id}", "/admin/contoso/customers/{customer}", AdminAction.ViewCustomers, null, TenantScope.Calendar),
        ("admin/{slug}/services", "/admin/contoso/services", AdminAction.ViewSettings, AdminAction.EditSettings, TenantScope.Calendar),
        ("admin/{slug}/services/edit/{id?}", "/admin/contoso/services/edit/consult", AdminAction.ViewSettings, AdminAction.EditSettings, TenantScope.Calendar),
        ("admin/{slug}/services/questions", "/admin/contoso/services/questions", AdminAction.ViewSettings, AdminAction.EditSettings, TenantScope.Calendar),
        ("admin/{slug}/staff", "/admin/contoso/staff", AdminAction.ViewSettings, AdminAction.EditSettings, TenantScope.Calendar),
        ("admin/{slug}/staff/edit/{id}", "/admin/contoso/staff/edit/anna", AdminAction.ViewSettings, AdminAction.EditSettings, TenantScope.Calendar),
        ("admin/{slug}/timeoff", "/admin/contoso/timeoff", AdminAction.View, AdminAction.ManageOwnAppointments, TenantScope.Calendar),
        ("admin/{slug}/page", "/admin/contoso/page", AdminAction.ViewSettings, AdminAction.EditSettings, TenantScope.Calendar),
        ("admin/{slug}/business", "/admin/contoso/business", AdminAction.ViewSettings, AdminAction.EditSettings, TenantScope.Calendar),
        ("admin/{slug}/clone", "/admin/contoso/clone", AdminAction.Clone, AdminAction.Clone, TenantScope.Calendar),
        ("admin/{slug}/reports", "/admin/contoso/reports", AdminAction.ViewReports, null, TenantScope.Calendar),
        ("admin/{slug}/outbox", "/admin/contoso/outbox", AdminAction.ViewOutbox, AdminAction.ViewOutbox, TenantScope.Calendar),
        ("admin/{slug}/audit", "/admin/contoso/audit", AdminAction.ViewAudit, null, TenantScope.Calendar),
        ("api/v1/calendars/{slug}/report", "/api/v1/calendars/contoso/report", AdminAction.ViewReports, null, TenantScope.Calendar),
        ("admin/signout", "/admin/signout", null, null, TenantScope.SignedInPostOnly),
        ("admin/password", "/admin/password", null, null, TenantScope.AnySignedIn),
    ];

    public enum TenantScope { Calendar, AnySignedIn, CalendarCreators, TenantAdmins, SignedInPostOnly }

    /// <summary>Who tries: an address and the role the demo calendar gives it (null: none), or a tenant admin.</summary>
    public static readonly (string Name, string Email, StaffRole? Role, bool TenantAdmin)[] People =
    [
        ("administrator", "anna@contoso.example", StaffRole.Administrator, false),
        ("scheduler", "sara@contoso.example", StaffRole.Scheduler, false),
        ("teamMember", "piotr@contoso.example", StaffRole.TeamMember, false),
        ("viewer", "vera@contoso.example", StaffRole.Viewer, false),
        ("guest", "gosia@contoso.example", StaffRole.Guest, false),
        ("stranger", "nobody@elsewhere.example", null, false),
        ("tenantAdmin", "it@contoso.example", null, true),
    ];

    private readonly App _app;

    public EndpointMatrixTests(App app) => _app = app;

    public static TheoryData<string> PeopleNames() => new(People.Select(p => p.Name));

    [Fact]
    public void EveryEndpointIsPublicByDesignOrBehindTheAdminSignIn()
    {
        var known = AdminPages.Select(p => p.Template).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = (endpoint.RoutePattern.RawText ?? "").Trim('/');
            seen.Add(template);
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (Public.Contains(template))
            {
                if (policies.Count > 0 && !anonymous && template != "admin/signin") problems.Add($"{template}: listed as public but requires sign-in");
                continue;
            }
            if (!known.Contains(template)) problems.Add($"{template}: a new endpoint; add it to the public list or to AdminPages with what it needs");
            if (policies.Count == 0 || anonymous || !policies.All(p => p is "Admin" or "Admin.SignedIn"))
                problems.Add($"{template}: not behind the admin sign-in (policies: {string.Join(", ", policies.Select(p => p ?? "default"))})");
        }
        foreach (var stale in known.Where(t => !seen.Contains(t))) problems.Add($"{stale}: in AdminPages but no such endpoint");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToSignInFromEveryAdminEndpoint()
    {
        using var client = _app.Anonymous();
        foreach (var page in AdminPages.Where(p => p.Scope != TenantScope.SignedInPostOnly && !p.Template.StartsWith("api/", StringComparison.Ordinal)))
        {
            var response = await client.GetAsync(_app.Fill(page.Path));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {page.Path}: {(int)response.StatusCode}");
            Assert.StartsWith("/admin/signin", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnonymousCallsToEveryApiEndpointBehindSignInAnswer401ProblemDetailsNeverARedirect()
    {
        using var client = _app.Anonymous();
        var behindSignIn = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any() && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .ToList();
        Assert.NotEmpty(behindSignIn);
        var wrong = new List<string>();
        foreach (var endpoint in behindSignIn)
        {
            var path = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/').Replace("{slug}", "contoso", StringComparison.Ordinal);
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            var type = response.Content.Headers.ContentType?.MediaType;
            if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.Location is not null || type != "application/problem+json")
                wrong.Add($"{method} {path}: {(int)response.StatusCode} {type} {response.Headers.Location}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [MemberData(nameof(PeopleNames))]
    public async Task EachRoleGetsExactlyThePagesItsRoleAllows(string name)
    {
        var person = People.Single(p => p.Name == name);
        using var client = await _app.SignedInAsync(person.Email, person.TenantAdmin);
        var wrong = new List<string>();
        foreach (var page in AdminPages.Where(p => p.Scope != TenantScope.SignedInPostOnly))
        {
            var expectOk = Expected(person, page.Get, page.Scope);
            var response = await client.GetAsync(_app.Fill(page.Path));
            var ok = response.StatusCode == HttpStatusCode.OK;
            if (expectOk != ok || (!ok && response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden)))
                wrong.Add($"GET {page.Path}: {(int)response.StatusCode}, expected {(expectOk ? "200" : "404")}");
            // Whatever the answer, an admin page is never framed, cached or indexed.
            var csp = response.Headers.TryGetValues("Content-Security-Policy", out var c) ? string.Join(" ", c) : "";
            if (!csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal)) wrong.Add($"GET {page.Path}: CSP without frame-ancestors 'none': '{csp}'");
            if (ok && response.Headers.CacheControl?.NoStore != true) wrong.Add($"GET {page.Path}: not Cache-Control: no-store");
            if (ok && !(response.Headers.TryGetValues("X-Robots-Tag", out var robots) && robots.Contains("noindex")))
                wrong.Add($"GET {page.Path}: no X-Robots-Tag: noindex");
        }
        Assert.True(wrong.Count == 0, $"{name}:\n" + string.Join("\n", wrong));
    }

    [Theory]
    [MemberData(nameof(PeopleNames))]
    public async Task EveryPostHandlerRefusesARoleThatMayNotDoIt(string name)
    {
        var person = People.Single(p => p.Name == name);
        using var client = await _app.SignedInAsync(person.Email, person.TenantAdmin);
        var token = AdminClients.AntiforgeryToken(await client.GetStringAsync("/admin"));
        var wrong = new List<string>();
        var tried = 0;
        foreach (var page in AdminPages.Where(p => p.Post is not null && p.Scope == TenantScope.Calendar))
        {
            if (Expected(person, page.Post, page.Scope)) continue;
            foreach (var handler in await _app.PostHandlersAsync(page.Template))
            {
                tried++;
                var path = _app.Fill(page.Path) + (handler.Length == 0 ? "" : "?handler=" + handler);
                var response = await client.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
                if (response.StatusCode != HttpStatusCode.NotFound) wrong.Add($"POST {path}: {(int)response.StatusCode}, expected 404");
            }
        }
        Assert.True(wrong.Count == 0, $"{name}:\n" + string.Join("\n", wrong));
        if (person.Role is StaffRole.Viewer) Assert.True(tried >= 10, $"only {tried} POST handlers were tried for a viewer");
    }

    [Fact]
    public async Task TheAdministratorOfAnotherCalendarGetsNotFoundForThisCalendarsIds()
    {
        // Olga administers "other" only: contoso's ids, tried through her own calendar's pages, do not exist for her.
        using var olga = await _app.SignedInAsync("olga@other.example", tenantAdmin: false);
        Assert.Equal(HttpStatusCode.OK, (await olga.GetAsync("/admin/other")).StatusCode);
        var wrong = new List<string>();
        foreach (var path in new[]
        {
            "/admin/other/appointments/{appointment}", "/admin/other/customers/{customer}", "/admin/other/staff/edit/anna",
            "/admin/other/services/edit/consult", "/admin/contoso", "/admin/contoso/appointments/{appointment}", "/admin/contoso/customers/{customer}",
        })
        {
            var response = await olga.GetAsync(_app.Fill(path));
            if (response.StatusCode != HttpStatusCode.NotFound) wrong.Add($"GET {path}: {(int)response.StatusCode}");
        }
        var token = AdminClients.AntiforgeryToken(await olga.GetStringAsync("/admin/other"));
        var cancel = await olga.PostAsync(_app.Fill("/admin/other/appointments/{appointment}?handler=Cancel"),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        if (cancel.StatusCode != HttpStatusCode.NotFound) wrong.Add($"POST cancel through /admin/other: {(int)cancel.StatusCode}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        var store = _app.Services.GetRequiredService<IBookingStore>();
        var contoso = (await store.GetMailboxBySlugAsync("contoso"))!;
        Assert.Single(await store.ListAppointmentsAsync(contoso.Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1)));
    }

    private static bool Expected((string Name, string Email, StaffRole? Role, bool TenantAdmin) person, AdminAction? needs, TenantScope scope) => scope switch
    {
        TenantScope.AnySignedIn => true,
        TenantScope.CalendarCreators => true, // the default policy: everyone may create calendars
        TenantScope.TenantAdmins => person.TenantAdmin,
        _ => person.TenantAdmin || (person.Role is { } role && CalendarPermissions.Allows(role, needs!.Value)),
    };

    /// <summary>The app with the roles above in the demo calendar, one booking (its appointment and customer fill the paths).</summary>
    public sealed class App : IAsyncLifetime, IDisposable
    {
        private readonly BookingsFactory _factory = new();
        private string _appointmentId = "";
        private string _customerId = "";

        public App() => _factory.Settings["Workers:Enabled"] = "false";

        public IServiceProvider Services => _factory.Services;

        public HttpClient Anonymous() => AdminClients.Anonymous(_factory);

        public Task<HttpClient> SignedInAsync(string email, bool tenantAdmin) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

        public string Fill(string path) => path.Replace("{appointment}", _appointmentId, StringComparison.Ordinal).Replace("{customer}", _customerId, StringComparison.Ordinal);

        /// <summary>The POST handler names of the Razor page with this route ("" for OnPost).</summary>
        public async Task<IReadOnlyList<string>> PostHandlersAsync(string template)
        {
            var endpoint = Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Single(e => (e.RoutePattern.RawText ?? "").Trim('/') == template);
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } descriptor) return [""];
            var compiled = await Services.GetRequiredService<PageLoader>().LoadAsync(descriptor, endpoint.Metadata);
            return [.. compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name ?? "").Distinct()];
        }

        public async Task InitializeAsync()
        {
            var store = _factory.Services.GetRequiredService<IBookingStore>();
            var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
            foreach (var (name, email, role, _) in People)
                if (role is { } r && !mailbox.Document.StaffMembers.Any(s => string.Equals(s.EmailAddress, email, StringComparison.OrdinalIgnoreCase)))
                    mailbox.Document.StaffMembers.Add(new BookingStaffMember { Id = name.ToLowerInvariant(), DisplayName = name, EmailAddress = email, Role = r });
            await store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
            var other = StarterCalendar.Build("other", "Other business", "Europe/Warsaw");
            other.StaffMembers.Add(new BookingStaffMember { Id = "olga", DisplayName = "Olga", EmailAddress = "olga@other.example", Role = StaffRole.Administrator });
            await store.CreateMailboxAsync(other);

            using var api = Anonymous();
            var booked = await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
            {
                serviceId = "consult",
                staffId = "anna",
                start = "2026-12-01T10:00:00+01:00",
                customer = new { name = "Jan Kowalski", email = "jan@example.com" },
            });
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            using var json = JsonDocument.Parse(await booked.Content.ReadAsStringAsync());
            _appointmentId = json.RootElement.GetProperty("id").GetString()!;
            _customerId = (await store.ListCustomersAsync(mailbox.Id)).Single().Id;
        }

        public Task DisposeAsync()
        {
            Dispose();
            return Task.CompletedTask;
        }

        public void Dispose() => _factory.Dispose();
    }
}
