using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Api;

/// <summary>POST /api/v1/manage/{token}/reschedule: the customer moves their booking to another offered slot.</summary>
public sealed class RescheduleApiTests : IDisposable
{
    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    public RescheduleApiTests()
    {
        _factory.Settings["Workers:Enabled"] = "false"; // keep the outbox for the assertions
        _client = _factory.CreateClient();
    }

    public void Dispose() => _factory.Dispose();

    private async Task<string> BookAsync(string start, string staffId = "anna", string? language = null)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId,
            start,
            language,
            customer = new { name = "Jan Kowalski", email = "jan@example.com", timeZone = "Europe/Warsaw" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var manage = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manageUrl").GetString()!;
        return manage[(manage.LastIndexOf('/') + 1)..];
    }

    private Task<HttpResponseMessage> RescheduleAsync(string token, string start) =>
        _client.PostAsJsonAsync($"/api/v1/manage/{token}/reschedule", new { start });

    private async Task<List<string>> SlotStarts(string staffId) =>
        [.. (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/contoso/availability?serviceId=consult&staffId={staffId}&from=2026-12-01&to=2026-12-01"))
            .GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start").GetString()!)];

    [Fact]
    public async Task ABookingMovesToAnOfferedSlotKeepsItsLinkAndTellsEveryone()
    {
        var token = await BookAsync("2026-12-01T10:00:00+01:00", language: "pl");

        var response = await RescheduleAsync(token, "2026-12-01T13:00:00+01:00");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-12-01T13:00:00+01:00", moved.GetProperty("start").GetString());
        Assert.Equal("anna", moved.GetProperty("staff").GetProperty("id").GetString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var slots = await SlotStarts("anna");
        Assert.Contains("2026-12-01T10:00:00+01:00", slots);
        Assert.DoesNotContain("2026-12-01T13:00:00+01:00", slots);
        // The same link still manages it.
        Assert.Equal("2026-12-01T13:00:00+01:00", (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/manage/{token}")).GetProperty("start").GetString());

        var store = _factory.Services.GetRequiredService<IBookingStore>();
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        var outbox = await store.ListOutboxAsync(mailbox.Id);
        var toJan = EmailMessage.FromJson(outbox.Single(m => m.Kind == NotificationKinds.RescheduleCustomer).Payload);
        Assert.Contains("grudnia 2026", toJan.TextBody); // the language chosen at booking
        var ics = toJan.Attachments.Single().Content;
        Assert.Contains("SEQUENCE:1", ics.Split("\r\n"));
        Assert.Contains(outbox, m => m.Kind == NotificationKinds.RescheduleStaff);
    }

    [Fact]
    public async Task ATakenSlotOrATimeInsideTheLeadTimeIsRefusedAndNothingMoves()
    {
        var token = await BookAsync("2026-12-01T10:00:00+01:00");
        await BookAsync("2026-12-01T13:00:00+01:00", staffId: "anna");
        await BookAsync("2026-12-01T13:00:00+01:00", staffId: "piotr");
        await BookAsync("2026-12-01T13:00:00+01:00", staffId: "maria");

        var taken = await RescheduleAsync(token, "2026-12-01T13:00:00+01:00");
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("slot_taken", (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var tooSoon = await RescheduleAsync(token, "2026-11-30T09:30:00+01:00"); // now is Monday 09:00 in Warsaw
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSoon.StatusCode);
        Assert.Equal("inside_minimum_lead_time", (await tooSoon.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var noOffset = await RescheduleAsync(token, "2026-12-01T15:00:00");
        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);

        Assert.Equal("2026-12-01T10:00:00+01:00", (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/manage/{token}")).GetProperty("start").GetString());
    }

    [Fact]
    public async Task ABookingUnderWaySaysItHasStartedNotThatItIsTooSoon()
    {
        var token = await BookAsync("2026-12-01T10:00:00+01:00");
        _factory.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 10, 0, TimeSpan.Zero)); // 10:10 in Warsaw: ten minutes in

        var cancel = await _client.PostAsync($"/api/v1/manage/{token}/cancel", null);
        var move = await RescheduleAsync(token, "2026-12-02T10:00:00+01:00");

        foreach (var refused in new[] { cancel, move })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("already_started", problem.GetProperty("code").GetString());
            Assert.Equal("This booking has already started and can no longer be changed online.", problem.GetProperty("title").GetString());
            Assert.DoesNotContain("ahead", problem.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2026-12-01T15:00:00+25:00", "invalid_instant", "The offset +25:00 is not a UTC offset.")]
    [InlineData("2300-12-01T15:00:00+01:00", "date_out_of_range", "start is outside the dates this calendar can take bookings for.")]
    public async Task AnImpossibleOffsetOrAYearOutOfRangeIsNamed(string start, string code, string title)
    {
        var token = await BookAsync("2026-12-01T10:00:00+01:00");

        var moved = await RescheduleAsync(token, start);

        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        var problem = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((code, title), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task WhenTheStaffMemberIsBusyTheBookingMovesToAFreeColleague()
    {
        var token = await BookAsync("2026-12-01T10:00:00+01:00", staffId: "anna");
        await BookAsync("2026-12-01T14:00:00+01:00", staffId: "anna");

        var response = await RescheduleAsync(token, "2026-12-01T14:00:00+01:00");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("anna", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("staff").GetProperty("id").GetString());
    }

    [Fact]
    public async Task AnUnknownTokenIsNotFound()
    {
        var response = await RescheduleAsync("x" + new string('a', 42), "2026-12-01T13:00:00+01:00");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
