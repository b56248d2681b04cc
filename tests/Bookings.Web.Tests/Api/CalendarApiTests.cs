using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bookings.Web.Tests.Api;

public sealed class CalendarApiTests : IDisposable
{
    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    public CalendarApiTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task<JsonElement> GetJson(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task TheDemoCalendarDescribesItsServicesAndStaff()
    {
        var cal = await GetJson("/api/v1/calendars/contoso");
        Assert.Equal("contoso", cal.GetProperty("slug").GetString());
        Assert.Equal("contoso@bookings.local", cal.GetProperty("id").GetString());
        Assert.Equal("Europe/Warsaw", cal.GetProperty("timeZone").GetString());
        var services = cal.GetProperty("services").EnumerateArray().ToList();
        var consult = services.Single(s => s.GetProperty("id").GetString() == "consult");
        Assert.Equal("PT30M", consult.GetProperty("duration").GetString());
        Assert.Equal("120 PLN", consult.GetProperty("price").GetString());
        Assert.Equal(1, consult.GetProperty("seats").GetInt32());
        Assert.True(consult.GetProperty("allowStaffSelection").GetBoolean());
        Assert.Equal(3, consult.GetProperty("staff").GetArrayLength());
        var workshop = services.Single(s => s.GetProperty("id").GetString() == "workshop");
        Assert.Equal(5, workshop.GetProperty("seats").GetInt32());
        Assert.Equal("free", workshop.GetProperty("price").GetString());
        Assert.Equal(3, cal.GetProperty("staff").GetArrayLength());
    }

    [Fact]
    public async Task AnUnknownCalendarIsANotFoundProblem()
    {
        var problem = await GetJson("/api/v1/calendars/nope", HttpStatusCode.NotFound);
        Assert.Equal("calendar_not_found", problem.GetProperty("code").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AvailabilityOffersTheWorkingDayOnTheHalfHourGridInTheBusinessZone()
    {
        var a = await GetJson("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-12-01&to=2026-12-01");
        Assert.Equal("Europe/Warsaw", a.GetProperty("timeZone").GetString());
        var slots = a.GetProperty("slots").EnumerateArray().ToList();
        Assert.Equal(16, slots.Count);
        Assert.Equal("2026-12-01T09:00:00+01:00", slots[0].GetProperty("start").GetString());
        Assert.Equal("2026-12-01T09:30:00+01:00", slots[0].GetProperty("end").GetString());
        Assert.Equal("2026-12-01T16:30:00+01:00", slots[^1].GetProperty("start").GetString());
        Assert.Equal(new[] { "anna", "maria", "piotr" }, slots[0].GetProperty("staffIds").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(1, slots[0].GetProperty("seatsLeft").GetInt32());
    }

    [Fact]
    public async Task AvailabilityIsShownInTheViewersZoneWhenAsked()
    {
        var a = await GetJson("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-12-01&to=2026-12-01&timeZone=America/New_York");
        Assert.Equal("America/New_York", a.GetProperty("timeZone").GetString());
        var slots = a.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start").GetString()).ToList();
        Assert.Equal("2026-12-01T03:00:00-05:00", slots[0]);
        Assert.Equal("2026-12-01T10:30:00-05:00", slots[^1]);
    }

    [Fact]
    public async Task AWindowsTimeZoneIdIsAcceptedAndAnsweredWithItsIanaId()
    {
        var a = await GetJson("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-12-01&to=2026-12-01&timeZone=Eastern%20Standard%20Time");
        Assert.Equal("America/New_York", a.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task TheMinimumLeadTimeHidesTheNextTwoHours()
    {
        // Now is 09:00 Warsaw on Monday; the demo's minimum lead time is two hours.
        var a = await GetJson("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-11-30&to=2026-11-30");
        Assert.Equal("2026-11-30T11:00:00+01:00", a.GetProperty("slots")[0].GetProperty("start").GetString());
    }

    [Fact]
    public async Task WeekendDaysHaveNoSlots()
    {
        var a = await GetJson("/api/v1/calendars/contoso/availability?serviceId=consult&from=2026-12-05&to=2026-12-06");
        Assert.Equal(0, a.GetProperty("slots").GetArrayLength());
    }

    [Theory]
    [InlineData("serviceId=consult&from=2026-13-01", HttpStatusCode.BadRequest, "invalid_date")]
    [InlineData("serviceId=consult&from=tomorrow", HttpStatusCode.BadRequest, "invalid_date")]
    [InlineData("serviceId=consult&from=2026-12-01&to=2027-02-15", HttpStatusCode.BadRequest, "range_too_long")]
    [InlineData("serviceId=consult&from=2026-12-10&to=2026-12-01", HttpStatusCode.BadRequest, "invalid_range")]
    [InlineData("serviceId=consult&from=9999-12-31&to=9999-12-31", HttpStatusCode.BadRequest, "date_out_of_range")]
    [InlineData("serviceId=consult&from=2027-06-01&to=2027-06-02", HttpStatusCode.BadRequest, "beyond_maximum_advance")]
    [InlineData("serviceId=consult&timeZone=Mars/Olympus", HttpStatusCode.BadRequest, "invalid_time_zone")]
    [InlineData("from=2026-12-01", HttpStatusCode.BadRequest, "missing_parameter")]
    [InlineData("serviceId=haircut", HttpStatusCode.NotFound, "service_not_found")]
    [InlineData("serviceId=consult&staffId=zoe", HttpStatusCode.NotFound, "staff_not_found")]
    public async Task BadAvailabilityQueriesAreProblemsWithAStableCode(string query, HttpStatusCode status, string code)
    {
        var problem = await GetJson("/api/v1/calendars/contoso/availability?" + query, status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task ChoosingAStaffMemberNarrowsTheSlotsToThem()
    {
        var a = await GetJson("/api/v1/calendars/contoso/availability?serviceId=workshop&staffId=anna&from=2026-12-01&to=2026-12-01");
        var slots = a.GetProperty("slots").EnumerateArray().ToList();
        Assert.Equal(15, slots.Count); // 60-minute service on a 30-minute grid, 09:00 to 16:00
        Assert.All(slots, s => Assert.Equal(5, s.GetProperty("seatsLeft").GetInt32()));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheBookingEndpoints()
    {
        var doc = await GetJson("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/calendars/{slug}/availability", out _));
        Assert.True(paths.TryGetProperty("/api/v1/calendars/{slug}/appointments", out _));
        Assert.True(paths.TryGetProperty("/api/v1/manage/{token}/cancel", out _));
    }

    [Fact]
    public async Task HealthIsHealthyWhenTheStoreAnswers()
    {
        var response = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["store", "staff-calendar-sync"], body.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task EveryAnswerForbidsSniffingAndReferrers()
    {
        var response = await _client.GetAsync("/api/v1/calendars/contoso");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
