using System.Net;
using Bookings.Web.Tests.Api;

namespace Bookings.Web.Tests.Admin.Settings;

/// <summary>/admin/tenant on the real app: the tenant policy for tenant admins; nobody else learns it exists.</summary>
public sealed class TenantPageTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ATenantAdminSeesThePolicyAndHowToChangeIt()
    {
        _factory.Settings["Tenant:CalendarCreators:0"] = "creator@fabrikam.example";
        using var boss = await AdminClients.SignedInAsync(_factory, "boss@fabrikam.example", tenantAdmin: true);
        var response = await boss.GetAsync("/admin/tenant");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Tenant:Enabled", html);
        Assert.Contains("Tenant:CalendarCreators", html);
        Assert.Contains("creator@fabrikam.example", html);
        Assert.Contains("Tenant__Enabled=false", html);
        Assert.Contains("Only these people (and tenant administrators) may create calendars", html);
    }

    [Fact]
    public async Task ItSaysWhenTheProductIsOffAndSpeaksPolish()
    {
        _factory.Settings["Tenant:Enabled"] = "false";
        using var boss = await AdminClients.SignedInAsync(_factory, "boss@fabrikam.example", tenantAdmin: true);
        var html = await boss.GetStringAsync("/admin/tenant?lang=pl");

        Assert.Contains("Zasady dzierżawy", html);
        Assert.Contains("Wyłączone", html);
    }

    [Fact]
    public async Task EveryoneElseGetsNotFound()
    {
        using var anna = await AdminClients.SignedInAsync(_factory, "anna@contoso.example");
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/tenant")).StatusCode);
        using var anonymous = AdminClients.Anonymous(_factory);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/admin/tenant")).StatusCode);
    }
}
