using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Api;

/// <summary>
/// Calendar documents built in code for API tests: a Warsaw calendar, Monday-Friday 09:00-17:00 on a
/// 30-minute grid, no minimum lead time, 90 days ahead, staff "anna" and "piotr" on business hours
/// and a 30-minute "consult" service; each test changes what it is about.
/// </summary>
internal static class CalendarBuilder
{
    public static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    public static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();

    public static CalendarDocument Calendar(string slug, Action<CalendarDocument>? change = null)
    {
        var doc = new CalendarDocument
        {
            Slug = slug,
            DisplayName = "Calendar " + slug,
            DefaultCurrencyIso = "PLN",
            BookingPageSettings = { BusinessTimeZone = "Europe/Warsaw" },
            SchedulingPolicy = { TimeSlotInterval = TimeSpan.FromMinutes(30), MinimumLeadTime = TimeSpan.Zero, MaximumAdvance = TimeSpan.FromDays(90) },
            BusinessHours = Hours("09:00", "17:00", Weekdays),
            StaffMembers = [Staff("anna"), Staff("piotr")],
            Services = [Service("consult")],
        };
        change?.Invoke(doc);
        return doc;
    }

    /// <summary>The same blocks ("HH:mm" pairs; "24:00" is midnight at the end) on each of the days.</summary>
    public static List<BookingWorkHours> Hours(string start, string end, params DayOfWeek[] days) =>
        [.. days.Select(d => new BookingWorkHours { Day = d, TimeSlots = [Block(start, end)] })];

    public static BookingWorkTimeSlot Block(string start, string end) => new() { StartTime = TimeOfDay(start), EndTime = TimeOfDay(end) };

    private static TimeSpan TimeOfDay(string hhmm) => hhmm == "24:00" ? TimeSpan.FromDays(1) : TimeSpan.Parse(hhmm, CultureInfo.InvariantCulture);

    public static BookingStaffMember Staff(string id, Action<BookingStaffMember>? change = null)
    {
        var s = new BookingStaffMember { Id = id, DisplayName = "Staff " + id };
        change?.Invoke(s);
        return s;
    }

    public static BookingService Service(string id, int minutes = 30, Action<BookingService>? change = null)
    {
        var s = new BookingService { Id = id, DisplayName = "Service " + id, DefaultDuration = TimeSpan.FromMinutes(minutes) };
        change?.Invoke(s);
        return s;
    }
}

/// <summary>One slot of an availability answer, as the JSON says it.</summary>
internal sealed record ApiSlot(string Start, string End, int SeatsLeft, string[]? StaffIds)
{
    public TimeSpan Length => DateTimeOffset.Parse(End, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(Start, CultureInfo.InvariantCulture);
}

/// <summary>An API answer: its status and its JSON body (a ProblemDetails on errors).</summary>
internal readonly record struct ApiAnswer(HttpStatusCode Status, JsonElement Json, string Text)
{
    public string? Code => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("code", out var c) ? c.GetString() : null;
    public string? StaffId => Json.GetProperty("staffId").GetString();
    public string? Start => Json.GetProperty("start").GetString();

    public void AssertCreated() => Assert.True(Status == HttpStatusCode.Created, $"Expected 201, got {(int)Status}: {Text}");

    public void AssertProblem(HttpStatusCode status, string? code = null)
    {
        Assert.True(Status == status, $"Expected {(int)status}, got {(int)Status}: {Text}");
        if (code is not null) Assert.Equal(code, Code);
    }
}

/// <summary>
/// The real app (<see cref="BookingsFactory"/>) driven only over HTTP, with calendars stored through
/// its <see cref="IBookingStore"/>. The host starts on first use, so a test may move the clock first.
/// </summary>
internal sealed class ApiHarness : IDisposable
{
    private HttpClient? _client;

    public BookingsFactory Factory { get; } = new();
    public HttpClient Client => _client ??= Factory.CreateClient();
    public IBookingStore Store => Factory.Services.GetRequiredService<IBookingStore>();

    public void Dispose()
    {
        _client?.Dispose();
        Factory.Dispose();
    }

    /// <summary>Stores the calendar and answers its mailbox id.</summary>
    public async Task<string> CreateAsync(CalendarDocument doc) => (await Store.CreateMailboxAsync(doc)).Id;

    public async Task<ApiAnswer> GetAsync(string url) => await ReadAsync(await Client.GetAsync(url));

    public async Task<ApiAnswer> PostAsync(string url, object body) => await ReadAsync(await Client.PostAsJsonAsync(url, body));

    private static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return new ApiAnswer(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), text);
        }
    }

    /// <summary>GET availability (query without the leading '?'); must answer 200.</summary>
    public async Task<List<ApiSlot>> SlotsAsync(string slug, string query)
    {
        var answer = await AvailabilityAsync(slug, query);
        Assert.True(answer.Status == HttpStatusCode.OK, $"availability?{query} answered {(int)answer.Status}: {answer.Text}");
        return [.. answer.Json.GetProperty("slots").EnumerateArray().Select(s => new ApiSlot(
            s.GetProperty("start").GetString()!,
            s.GetProperty("end").GetString()!,
            s.GetProperty("seatsLeft").GetInt32(),
            s.TryGetProperty("staffIds", out var ids) && ids.ValueKind == JsonValueKind.Array ? [.. ids.EnumerateArray().Select(i => i.GetString()!)] : null))];
    }

    public async Task<string[]> StartsAsync(string slug, string query) => [.. (await SlotsAsync(slug, query)).Select(s => s.Start)];

    public Task<ApiAnswer> AvailabilityAsync(string slug, string query) => GetAsync($"/api/v1/calendars/{slug}/availability?{query}");

    public async Task<ApiAnswer> BookAsync(string slug, string serviceId, string start, string? staffId = null,
        string? email = "jan@example.com", string? timeZone = null)
    {
        var body = new { serviceId, staffId, start, customer = new { name = "Jan Kowalski", email, timeZone } };
        return await ReadAsync(await Client.PostAsJsonAsync($"/api/v1/calendars/{slug}/appointments", body));
    }
}
