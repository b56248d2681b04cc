using Bookings.Web.Tests.Admin;
using Bookings.Web.Tests.Api;

namespace Bookings.Web.Tests.Microsoft365;

/// <summary>Admin:CreateSchedulingMailboxes fails the start, naming what is missing, where it cannot work.</summary>
public sealed class CreateSchedulingMailboxesSettingTests : IDisposable
{
    private readonly BookingsFactory _factory = new();
    private readonly FakeEntra _entra;

    public CreateSchedulingMailboxesSettingTests()
    {
        _entra = new FakeEntra(_factory.Time);
        _factory.Settings["Admin:CreateSchedulingMailboxes"] = "true";
        _factory.Settings["Workers:Enabled"] = "false";
    }

    public void Dispose()
    {
        _factory.Dispose();
        _entra.Dispose();
    }

    [Fact]
    public void OnTheEmbeddedStoreTheStartFailsNamingTheSetting()
    {
        foreach (var (k, v) in _entra.Settings()) _factory.Settings[k] = v;

        var e = Assert.ThrowsAny<Exception>(() => _factory.CreateClient());

        Assert.Contains("Admin:CreateSchedulingMailboxes needs the Microsoft 365 store", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAClientCredentialForTheCodeFlowTheStartFailsNamingIt()
    {
        using var tenant = new EmulatedMicrosoft365(_factory.Time);
        tenant.Apply(_factory, localAccounts: false);
        foreach (var (k, v) in _entra.Settings().Where(s => s.Key != "AzureAd:ClientSecret")) _factory.Settings[k] = v;

        var e = Assert.ThrowsAny<Exception>(() => _factory.CreateClient());

        Assert.Contains("AzureAd:ClientSecret or AzureAd:ClientCertificates", e.ToString(), StringComparison.Ordinal);
    }
}
