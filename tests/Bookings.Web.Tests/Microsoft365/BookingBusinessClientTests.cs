using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Bookings.Web.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Web.Tests.Microsoft365;

/// <summary>
/// The request that creates a scheduling mailbox (<see cref="BookingBusinessClient"/>), against the Graph emulator, and when the
/// production <see cref="EntraSchedulingMailboxCreator"/> says an administrator cannot use it.
/// </summary>
public sealed class BookingBusinessClientTests : IDisposable
{
    private readonly EmulatedMicrosoft365 _tenant = new(new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _tenant.Dispose();
    }

    private BookingBusinessClient Client => new(_http, _tenant.Graph.BaseAddress);

    [Fact]
    public async Task ItPostsTheNameAndContactAddressWithTheUsersTokenAndAnswersTheNewMailboxsAddress()
    {
        var token = _tenant.Graph.DelegatedToken("it@contoso.onmicrosoft.com", "Bookings.Manage.All");

        var id = await Client.CreateAsync(token, "Gabinet Łódź", "it@contoso.onmicrosoft.com", CancellationToken.None);

        Assert.Equal("gabinetd@contoso.onmicrosoft.com", id); // the emulator's rule: the name's letters and digits
        Assert.True(_tenant.Graph.MailboxExists(id));
        using var app = _tenant.Graph.CreateClient(); // reading a business is allowed to the app
        var business = await app.GetFromJsonAsync<JsonElement>($"solutions/bookingBusinesses/{Uri.EscapeDataString(id)}");
        Assert.Equal("Gabinet Łódź", business.GetProperty("displayName").GetString());
        Assert.Equal("it@contoso.onmicrosoft.com", business.GetProperty("email").GetString());
        var post = _tenant.Graph.RequestLog[0];
        Assert.Equal(("POST", "/v1.0/solutions/bookingBusinesses", 201), (post.Method, post.PathAndQuery, post.Status));
    }

    [Fact]
    public async Task WithoutTheDelegatedPermissionOrWithTheAppsTokenGraphRefusesAndSaysWhy()
    {
        var withoutScope = await Assert.ThrowsAsync<SchedulingMailboxRefusedException>(() =>
            Client.CreateAsync(_tenant.Graph.DelegatedToken("it@contoso.onmicrosoft.com", "User.Read"), "Front Desk", "it@contoso.onmicrosoft.com", CancellationToken.None));
        var asTheApp = await Assert.ThrowsAsync<SchedulingMailboxRefusedException>(() =>
            Client.CreateAsync(_tenant.Graph.AppToken, "Front Desk", "it@contoso.onmicrosoft.com", CancellationToken.None));

        Assert.Equal((403, "ErrorAccessDenied"), (withoutScope.Status, withoutScope.Code));
        Assert.Contains("Bookings.Manage.All", withoutScope.GraphMessage, StringComparison.Ordinal);
        Assert.Equal(403, asTheApp.Status);
        Assert.Contains("does not support the token type: App", asTheApp.GraphMessage, StringComparison.Ordinal);
        Assert.False(_tenant.Graph.MailboxExists("frontdesk@contoso.onmicrosoft.com"));
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0/", "https://graph.microsoft.com/Bookings.Manage.All")]
    [InlineData("https://graph.microsoft.us/v1.0/", "https://graph.microsoft.us/Bookings.Manage.All")]
    [InlineData("https://microsoftgraph.chinacloudapi.cn/v1.0/", "https://microsoftgraph.chinacloudapi.cn/Bookings.Manage.All")]
    public void TheScopeIsBookingsManageAllOfTheGraphInUse(string baseUrl, string scope) =>
        Assert.Equal(scope, BookingBusinessClient.Scope(new Uri(baseUrl)));

    [Theory]
    [InlineData(false, false, false, "Graph", SchedulingMailboxBlocker.NoMicrosoftSignIn)]
    [InlineData(true, false, true, "Graph", SchedulingMailboxBlocker.NotEnabled)]
    [InlineData(true, true, false, "Graph", SchedulingMailboxBlocker.NotSignedInWithMicrosoft)]
    [InlineData(true, true, true, "Sqlite", SchedulingMailboxBlocker.NotEnabled)]
    [InlineData(true, true, true, "Graph", null)]
    public void TheProductionCreatorNeedsMicrosoftSignInTheSettingAndAMicrosoftUser(bool entra, bool enabled, bool microsoftUser, string provider,
        SchedulingMailboxBlocker? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = provider,
            ["AzureAd:TenantId"] = entra ? Guid.NewGuid().ToString() : null,
            ["AzureAd:ClientId"] = entra ? Guid.NewGuid().ToString() : null,
            ["Admin:CreateSchedulingMailboxes"] = enabled ? "true" : "false",
        }).Build();
        var services = new ServiceCollection().AddHttpClient();
        if (entra) services.AddSingleton(new EntraSignIn.EntraMarker());
        using var provided = services.BuildServiceProvider();
        var creator = new EntraSchedulingMailboxCreator(provided, provided.GetRequiredService<IHttpClientFactory>(), configuration);
        var user = microsoftUser
            ? EntraSignIn.Principal(Guid.NewGuid().ToString(), "it@contoso.onmicrosoft.com", "IT", tenantAdmin: true)
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Email, "it@contoso.onmicrosoft.com")], "local"));

        Assert.Equal(expected, creator.Blocker(user));
    }
}
