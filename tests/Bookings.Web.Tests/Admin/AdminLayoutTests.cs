using Bookings.Web.Tests.Api;

namespace Bookings.Web.Tests.Admin;

/// <summary>The admin layout's links: the switcher and the sections keep a language chosen with ?lang=, and links are real paths.</summary>
public sealed class AdminLayoutTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task SectionAndSwitcherLinksKeepTheChosenLanguage()
    {
        using var anna = await AdminClients.SignedInAsync(_factory, "anna@contoso.example");

        var polish = await anna.GetStringAsync("/admin/contoso/services?lang=pl");
        Assert.Contains("href=\"/admin/contoso/staff?lang=pl\"", polish);
        Assert.Contains("href=\"/admin/contoso?lang=pl\"", polish);
        Assert.Contains("href=\"/admin?lang=pl\"", polish);
        Assert.Contains("href=\"/admin/contoso/services/edit?lang=pl\"", polish);

        var plain = await anna.GetStringAsync("/admin/contoso/services");
        Assert.Contains("href=\"/admin/contoso/staff\"", plain);
        Assert.Contains("href=\"/admin/contoso/services/edit\"", plain);
        Assert.DoesNotContain("@lang", plain);
    }

    [Fact]
    public async Task ACalendarWithoutActiveStaffSaysSoAndLinksToAddingThem()
    {
        using var admin = await AdminClients.SignedInAsync(_factory, "it@contoso.example", tenantAdmin: true);
        Assert.DoesNotContain("Nobody can be booked yet", await admin.GetStringAsync("/admin/contoso"));

        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Bookings.Core.Store.IBookingStore>(_factory.Services);
        await store.CreateMailboxAsync(Bookings.Core.Calendars.StarterCalendar.Build("empty", "Empty", "UTC"));
        var html = await admin.GetStringAsync("/admin/empty");
        Assert.Contains("Nobody can be booked yet", html);
        Assert.Contains("href=\"/admin/empty/staff#invite\"", html);
    }
}
