using Microsoft.Extensions.Options;

namespace Bookings.Web.Tests.Api;

public sealed class StoreProviderTests
{
    [Fact]
    public void TheMicrosoft365StoreWithoutItsSettingsFailsTheStartNamingThem()
    {
        using var factory = new BookingsFactory();
        factory.Settings["Store:Provider"] = "Graph";
        var e = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = e as OptionsValidationException ?? e.InnerException as OptionsValidationException
            ?? throw new Xunit.Sdk.XunitException($"Expected an OptionsValidationException, got {e}");
        Assert.Contains(validation.Failures, f => f.Contains("Graph:TenantId", StringComparison.Ordinal));
        Assert.Contains(validation.Failures, f => f.Contains("Graph:ClientSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownStoreProviderFailsTheStartNamingTheSetting()
    {
        using var factory = new BookingsFactory();
        factory.Settings["Store:Provider"] = "Postgres";
        var e = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Store:Provider", e.ToString(), StringComparison.Ordinal);
    }
}
