using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Store;
using Bookings.Web.Tests.Browser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bookings.Web.Tests.Api;

/// <summary>
/// A service whose customers may not change or cancel online (isCustomerAllowedToManageBooking=false): the manage API and the
/// manage page show the booking but send the customer to the business. Now is Monday 2026-11-30 09:00 in Warsaw.
/// </summary>
public sealed class CustomerManageRuleTests : IDisposable
{
    private static readonly DateTimeOffset TenOClock = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero); // 10:00 in Warsaw, tomorrow

    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;
    private readonly PageClient _pages;

    public CustomerManageRuleTests()
    {
        _factory.Settings["Workers:Enabled"] = "false";
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _pages = new PageClient(_factory, _client);
    }

    public void Dispose() => _factory.Dispose();

    private Task ForbidCustomersToManageAsync() => _pages.UpdateCalendarAsync(doc => doc.FindService("consult")!.IsCustomerAllowedToManageBooking = false);

    /// <summary>Books tomorrow 10:00 with Anna through the API; answers the manage token.</summary>
    private async Task<string> BookAsync()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name = "Jan Kowalski", email = "jan@example.com", timeZone = "Europe/Warsaw" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manageUrl").GetString()!.Split('/')[^1];
    }

    private async Task AssertTheBookingStandsAsync()
    {
        var kept = Assert.Single(await _pages.AppointmentsAsync());
        Assert.Equal(TenOClock, kept.Start);
        Assert.Equal(AttendeeStatus.Booked, kept.Attendees.Single().Status);
    }

    [Fact]
    public async Task TheApiShowsTheBookingButRefusesToCancelOrMoveItAndNamesHowToReachTheBusiness()
    {
        await ForbidCustomersToManageAsync();
        var token = await BookAsync();

        var shown = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/manage/{token}");
        Assert.Equal("2026-12-01T10:00:00+01:00", shown.GetProperty("start").GetString());
        Assert.False(shown.GetProperty("isCustomerAllowedToManageBooking").GetBoolean());
        Assert.False(shown.GetProperty("canCancel").GetBoolean());
        Assert.False(shown.GetProperty("canReschedule").GetBoolean());
        Assert.Equal("+48 22 123 45 67", shown.GetProperty("calendar").GetProperty("phone").GetString());
        Assert.Equal("hello@contoso.example", shown.GetProperty("calendar").GetProperty("email").GetString());

        var cancel = await _client.PostAsync($"/api/v1/manage/{token}/cancel", null);
        var move = await _client.PostAsJsonAsync($"/api/v1/manage/{token}/reschedule", new { start = "2026-12-01T13:00:00+01:00" });
        foreach (var refused in new[] { cancel, move })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("manage_not_allowed", problem.GetProperty("code").GetString());
            Assert.Equal("This booking cannot be changed or cancelled online.", problem.GetProperty("title").GetString());
            Assert.Equal("Please contact Contoso Consulting to change or cancel it: +48 22 123 45 67, hello@contoso.example.",
                problem.GetProperty("detail").GetString());
        }
        await AssertTheBookingStandsAsync();
    }

    [Fact]
    public async Task ByDefaultTheApiSaysTheCustomerMayManageTheBooking()
    {
        var token = await BookAsync();

        var shown = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/manage/{token}");

        Assert.True(shown.GetProperty("isCustomerAllowedToManageBooking").GetBoolean());
        Assert.True(shown.GetProperty("canCancel").GetBoolean());
        Assert.True(shown.GetProperty("canReschedule").GetBoolean());
    }

    [Theory]
    [InlineData("en", "To change or cancel this booking, please contact Contoso Consulting.", "This booking cannot be changed or cancelled online.",
        "Cancel booking", "Move my booking", "It lets you see your booking later:")]
    [InlineData("pl", "Aby zmienić lub anulować tę rezerwację, skontaktuj się z: Contoso Consulting.", "Tej rezerwacji nie można zmienić ani anulować online.",
        "Anuluj rezerwację", "Przenieś moją rezerwację", "Dzięki niemu możesz później sprawdzić swoją rezerwację:")]
    public async Task ThePageShowsTheBookingWithoutFormsSendsTheCustomerToTheBusinessAndRefusesAForgedPost(
        string lang, string contact, string refusal, string cancelButton, string moveButton, string keepLink)
    {
        var manage = "/manage/" + await BookAsync();
        var oldForm = await _pages.GetFormAsync($"{manage}?lang={lang}"); // opened before the business changed the service
        await ForbidCustomersToManageAsync();

        var page = WebUtility.HtmlDecode(await _client.GetStringAsync($"{manage}?lang={lang}&booked=1"));
        Assert.Contains("Jan Kowalski", page);
        Assert.Contains(contact, page);
        Assert.Contains("+48 22 123 45 67", page);
        Assert.Contains("href=\"mailto:hello@contoso.example\"", page);
        Assert.Contains(keepLink, page);
        Assert.DoesNotContain(cancelButton, page);
        Assert.DoesNotContain(moveButton, page);
        Assert.DoesNotContain("method=\"post\"", page);

        var cancel = await _pages.PostAsync($"{manage}?lang={lang}", oldForm);
        var move = await _client.PostAsync($"{manage}?handler=Reschedule&lang={lang}", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", oldForm.Token), new("start", "2026-12-01T12:00:00Z")]));
        foreach (var refused in new[] { cancel, move })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains("role=\"alert\"", html);
            Assert.Contains(refusal, html);
            Assert.Contains("+48 22 123 45 67", html);
            Assert.Contains(contact, html);
            Assert.DoesNotContain(cancelButton, html);
        }
        await AssertTheBookingStandsAsync();
    }
}
