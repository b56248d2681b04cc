using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bookings.Core.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Api;

public sealed class BookingApiTests : IDisposable
{
    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    public BookingApiTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private static object Body(string start = "2026-12-01T10:00:00+01:00", string? staffId = "anna", string service = "consult",
        string name = "Jan Kowalski", string? email = "jan@example.com", object? answers = null) =>
        new { serviceId = service, staffId, start, customer = new { name, email, timeZone = "Europe/Warsaw" }, answers };

    private async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> Post(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calendars/contoso/appointments") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement, response);
    }

    private async Task<List<string>> SlotStarts(string query)
    {
        var a = await _client.GetFromJsonAsync<JsonElement>("/api/v1/calendars/contoso/availability?" + query);
        return a.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start").GetString()!).ToList();
    }

    [Fact]
    public async Task BookingAnOfferedSlotAnswersCreatedWithAnAbsoluteManageLink()
    {
        var (status, json, response) = await Post(Body());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.StartsWith("apt-", json.GetProperty("id").GetString());
        Assert.Equal("2026-12-01T10:00:00+01:00", json.GetProperty("start").GetString());
        Assert.Equal("2026-12-01T10:30:00+01:00", json.GetProperty("end").GetString());
        Assert.Equal("anna", json.GetProperty("staffId").GetString());
        var manage = json.GetProperty("manageUrl").GetString()!;
        Assert.Matches("^http://localhost/manage/[A-Za-z0-9_-]{43}$", manage);
        Assert.Equal(manage, response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ABookedSlotLeavesTheStaffMembersAvailability()
    {
        const string q = "serviceId=consult&staffId=anna&from=2026-12-01&to=2026-12-01";
        Assert.Contains("2026-12-01T10:00:00+01:00", await SlotStarts(q));
        Assert.Equal(HttpStatusCode.Created, (await Post(Body())).Status);
        Assert.DoesNotContain("2026-12-01T10:00:00+01:00", await SlotStarts(q));
        Assert.Contains("2026-12-01T10:00:00+01:00", await SlotStarts("serviceId=consult&staffId=piotr&from=2026-12-01&to=2026-12-01"));
    }

    [Fact]
    public async Task ASecondBookingOfTheSameSlotIsAConflict()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post(Body())).Status);
        var (status, json, _) = await Post(Body(name: "Someone Else", email: "else@example.com"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("slot_taken", json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnyoneBookingsGoToEachStaffMemberInTurnUntilTheSlotIsGone()
    {
        var staff = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (status, json, _) = await Post(Body(staffId: null, email: $"c{i}@example.com"));
            Assert.Equal(HttpStatusCode.Created, status);
            staff.Add(json.GetProperty("staffId").GetString()!);
        }
        Assert.Equal(new[] { "anna", "maria", "piotr" }, staff.Order().ToArray());
        Assert.DoesNotContain("2026-12-01T10:00:00+01:00", await SlotStarts("serviceId=consult&from=2026-12-01&to=2026-12-01"));
        Assert.Equal(HttpStatusCode.Conflict, (await Post(Body(staffId: null, email: "late@example.com"))).Status);
    }

    [Fact]
    public async Task TheStartIsComparedAsAnInstantNotAsText()
    {
        var (status, json, _) = await Post(Body(start: "2026-12-01T09:00:00Z"));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("2026-12-01T10:00:00+01:00", json.GetProperty("start").GetString());
    }

    [Fact]
    public async Task TheServerDerivesTheEndAndIgnoresAClientEnd()
    {
        var body = new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            end = "2026-12-01T15:00:00+01:00",
            price = 0,
            customer = new { name = "Jan", email = "jan@example.com" }
        };
        var (status, json, _) = await Post(body);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("2026-12-01T10:30:00+01:00", json.GetProperty("end").GetString());
    }

    [Theory]
    [InlineData("2026-12-01T10:00:00", "invalid_instant")]
    [InlineData("1 December", "invalid_instant")]
    public async Task AStartWithoutAnOffsetIsABadRequest(string start, string code)
    {
        var (status, json, _) = await Post(Body(start: start));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.True(json.GetProperty("errors").TryGetProperty("start", out _));
    }

    [Fact]
    public async Task AStartWithATrailingLineFeedIsABadRequest()
    {
        var (status, json, _) = await Post(Body(start: "2026-12-01T10:00:00+01:00\n"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_instant", json.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("email", "jan@example.com\n", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("email", "\tjan@example.com", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("phone", "+48 600 100 200\n", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("timeZone", "Europe/Warsaw\n", HttpStatusCode.BadRequest, "invalid_time_zone")]
    public async Task ACustomersAddressOrZoneWithAControlCharacterIsRefusedByField(string field, string value, HttpStatusCode expected, string code)
    {
        var customer = new Dictionary<string, string> { ["name"] = "Jan Kowalski", ["email"] = "jan@example.com", ["timeZone"] = "Europe/Warsaw", [field] = value };
        var (status, json, _) = await Post(new { serviceId = "consult", staffId = "anna", start = "2026-12-01T10:00:00+01:00", customer });

        Assert.Equal(expected, status);
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Contains("control character", json.GetProperty("errors").GetProperty("customer." + field)[0].GetString());
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestProblem()
    {
        var response = await _client.PostAsync("/api/v1/calendars/contoso/appointments", new StringContent("{\"serviceId\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_json", json.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("2026-12-01T10:10:00+01:00", null, "not_on_grid")]
    [InlineData("2026-12-01T18:00:00+01:00", null, "not_on_grid")]
    [InlineData("2026-11-30T09:30:00+01:00", null, "inside_minimum_lead_time")]
    [InlineData("2027-06-01T10:00:00+02:00", null, "beyond_maximum_advance")]
    [InlineData("2026-12-01T10:00:00+01:00", "bad-email", "validation_failed")]
    public async Task RuleBreakingBookingsAreUnprocessable(string start, string? email, string code)
    {
        var (status, json, _) = await Post(Body(start: start, email: email ?? "jan@example.com"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(code, json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AMissingEmailIsReportedByField()
    {
        var (status, json, _) = await Post(Body(email: null));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(json.GetProperty("errors").TryGetProperty("customer.email", out _));
    }

    [Fact]
    public async Task ARequiredAnswerMustBeGiven()
    {
        var (status, json, _) = await Post(Body(service: "workshop", start: "2026-12-01T10:00:00+01:00"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("answer_required", json.GetProperty("code").GetString());
        Assert.True(json.GetProperty("errors").TryGetProperty("answers.level", out _));
        var ok = await Post(Body(service: "workshop", answers: new Dictionary<string, string> { ["level"] = "Beginner" }));
        Assert.Equal(HttpStatusCode.Created, ok.Status);
    }

    [Fact]
    public async Task AGroupServiceTakesAttendeesUntilItsSeatsAreFull()
    {
        var answers = new Dictionary<string, string> { ["level"] = "Advanced" };
        string? id = null;
        for (var i = 0; i < 5; i++)
        {
            var (status, json, _) = await Post(Body(service: "workshop", email: $"g{i}@example.com", answers: answers));
            Assert.Equal(HttpStatusCode.Created, status);
            id ??= json.GetProperty("id").GetString();
            Assert.Equal(id, json.GetProperty("id").GetString());
        }
        var full = await Post(Body(service: "workshop", email: "g6@example.com", answers: answers));
        Assert.Equal(HttpStatusCode.Conflict, full.Status);
        Assert.Equal("seats_full", full.Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnIdempotentReplayAnswersTheFirstResultAgain()
    {
        var first = await Post(Body(), idempotencyKey: "key-1");
        var again = await Post(Body(), idempotencyKey: "key-1");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal(first.Json.GetProperty("id").GetString(), again.Json.GetProperty("id").GetString());
        Assert.Equal(first.Json.GetProperty("manageUrl").GetString(), again.Json.GetProperty("manageUrl").GetString());

        var other = await Post(Body(start: "2026-12-01T11:00:00+01:00"), idempotencyKey: "key-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal("idempotency_key_reused", other.Json.GetProperty("code").GetString());

        var store = _factory.Services.GetRequiredService<IBookingStore>();
        var appointments = await store.ListAppointmentsAsync("contoso@bookings.local", DateTimeOffset.MinValue.AddYears(2000), DateTimeOffset.MaxValue.AddYears(-2000));
        Assert.Single(appointments);
    }

    [Fact]
    public async Task AReplayAfterTheBookingWasCancelledSaysSo()
    {
        var first = await Post(Body(), idempotencyKey: "key-1");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var token = first.Json.GetProperty("manageUrl").GetString()!.Split('/')[^1];
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync($"/api/v1/manage/{token}/cancel", null)).StatusCode);

        var again = await Post(Body(), idempotencyKey: "key-1");

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("application/problem+json", again.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("booking_cancelled", again.Json.GetProperty("code").GetString());
        Assert.Equal("The booking made with this Idempotency-Key was cancelled.", again.Json.GetProperty("title").GetString());
        Assert.False(again.Json.TryGetProperty("manageUrl", out _));
        Assert.Null(again.Response.Headers.Location);
    }

    [Fact]
    public async Task FiftyConcurrentBookingsOfOneSlotMakeExactlyOneAppointment()
    {
        _ = _factory.Services; // start the host (and seed) before the race
        var tasks = Enumerable.Range(0, 50).Select(i => Task.Run(() => Post(Body(email: $"racer{i}@example.com")))).ToList();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(49, results.Count(r => r.Status == HttpStatusCode.Conflict));
        var store = _factory.Services.GetRequiredService<IBookingStore>();
        var stored = await store.ListAppointmentsAsync("contoso@bookings.local", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.Single(stored);
        Assert.Single(stored[0].Attendees);
    }

    [Fact]
    public async Task TheManageLinkShowsTheBookingAndCancelsItOnce()
    {
        var (_, json, _) = await Post(Body());
        var token = json.GetProperty("manageUrl").GetString()!.Split('/')[^1];

        var shown = await _client.GetAsync($"/api/v1/manage/{token}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("no-referrer", shown.Headers.GetValues("Referrer-Policy").Single());
        var booking = await shown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-12-01T10:00:00+01:00", booking.GetProperty("start").GetString());
        Assert.Equal("Consultation", booking.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal("Anna Kowalska", booking.GetProperty("staff").GetProperty("name").GetString());

        var cancel = await _client.PostAsync($"/api/v1/manage/{token}/cancel", null);
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/manage/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync($"/api/v1/manage/{token}/cancel", null)).StatusCode);
        Assert.Contains("2026-12-01T10:00:00+01:00", await SlotStarts("serviceId=consult&staffId=anna&from=2026-12-01&to=2026-12-01"));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AWrongManageTokenIsTheSameNotFound(string token)
    {
        var response = await _client.GetAsync($"/api/v1/manage/{token}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("booking_not_found", json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnExpiredManageLinkIsNotFound()
    {
        var (_, json, _) = await Post(Body());
        var token = json.GetProperty("manageUrl").GetString()!.Split('/')[^1];
        _factory.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 31, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/manage/{token}")).StatusCode);
    }

    [Fact]
    public async Task CancellingInsideTheMinimumLeadTimeIsRefused()
    {
        var (_, json, _) = await Post(Body());
        var token = json.GetProperty("manageUrl").GetString()!.Split('/')[^1];
        _factory.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)); // one hour before; lead time is two
        var cancel = await _client.PostAsync($"/api/v1/manage/{token}/cancel", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, cancel.StatusCode);
    }

    private async Task<string[]> WaitForMail(int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var files = Directory.Exists(_factory.MailDirectory) ? Directory.GetFiles(_factory.MailDirectory, "*.eml") : [];
            if (files.Length >= count) return files.Order().ToArray();
            await Task.Delay(50);
        }
        throw new TimeoutException($"Expected {count} .eml files in {_factory.MailDirectory}.");
    }

    private static string IcsUid(string eml) =>
        System.Text.RegularExpressions.Regex.Match(eml.Replace("\r\n ", ""), "UID:([^\r\n]+)").Groups[1].Value;

    [Fact]
    public async Task ABookingWritesEmailsWithAnInvitationToTheCustomerAndTheStaffAndACancellationWithdrawsIt()
    {
        var (_, json, _) = await Post(Body());
        var booked = await WaitForMail(2);
        var texts = booked.Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        Assert.Contains(texts, m => m.To.Mailboxes.Any(a => a.Address == "jan@example.com"));
        Assert.Contains(texts, m => m.To.Mailboxes.Any(a => a.Address == "anna@contoso.example"));
        var invites = texts.Select(m => m.Attachments.OfType<MimeKit.MimePart>().Single(p => p.ContentType.MimeType == "text/calendar"))
            .Select(p => { using var s = new MemoryStream(); p.Content!.DecodeTo(s); return System.Text.Encoding.UTF8.GetString(s.ToArray()); }).ToList();
        Assert.All(invites, ics => Assert.Contains("METHOD:REQUEST", ics));
        var uid = IcsUid(invites[0]);
        Assert.False(string.IsNullOrEmpty(uid));
        Assert.Equal(uid, IcsUid(invites[1]));

        var token = json.GetProperty("manageUrl").GetString()!.Split('/')[^1];
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync($"/api/v1/manage/{token}/cancel", null)).StatusCode);
        var all = await WaitForMail(4);
        var cancellations = all.Except(booked).Select(File.ReadAllText).ToList();
        Assert.Equal(2, cancellations.Count);
        Assert.All(cancellations, eml => Assert.Contains("METHOD:CANCEL", eml));
        Assert.All(cancellations, eml => Assert.Contains(uid, eml.Replace("\r\n ", "")));
    }

    [Fact]
    public async Task TimeOffAndClosuresAddedInTheStoreRemoveSlotsAtOnceThoughAnswersAreCached()
    {
        const string q = "serviceId=consult&from=2026-12-01&to=2026-12-01";
        Assert.Contains("2026-12-01T10:00:00+01:00", await SlotStarts(q + "&staffId=anna"));
        var store = _factory.Services.GetRequiredService<IBookingStore>();
        await store.AddTimeOffAsync(new TimeOff("", "contoso@bookings.local", "anna",
            new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero), "Dentist"));
        var anna = await SlotStarts(q + "&staffId=anna");
        Assert.DoesNotContain("2026-12-01T10:00:00+01:00", anna);
        Assert.DoesNotContain("2026-12-01T11:30:00+01:00", anna);
        Assert.Contains("2026-12-01T12:00:00+01:00", anna);
        Assert.Contains("2026-12-01T10:00:00+01:00", await SlotStarts(q + "&staffId=piotr"));

        await store.AddTimeOffAsync(new TimeOff("", "contoso@bookings.local", null,
            new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), "Closed"));
        var everyone = await SlotStarts(q);
        Assert.Equal("2026-12-01T13:30:00+01:00", everyone[^1]);
        var (status, json, _) = await Post(Body(start: "2026-12-01T15:00:00+01:00", staffId: "piotr"));
        Assert.Equal(HttpStatusCode.Conflict, status);
    }

    [Fact]
    public async Task AChangedCalendarDocumentIsServedAtOnce()
    {
        const string q = "serviceId=consult&from=2026-12-01&to=2026-12-01";
        Assert.Equal(16, (await SlotStarts(q)).Count);
        var store = _factory.Services.GetRequiredService<IBookingStore>();
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        var doc = mailbox.Document;
        doc.BusinessHours.Single(h => h.Day == DayOfWeek.Tuesday).TimeSlots[0].EndTime = TimeSpan.FromHours(12);
        await store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
        Assert.Equal(6, (await SlotStarts(q)).Count);
    }
}
