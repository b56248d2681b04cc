using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Store.Tests.Emulator;

/// <summary>An emulator on a fake clock with one shared mailbox, and raw HTTP helpers for the emulator's own tests.</summary>
internal sealed class Harness : IDisposable
{
    public const string Mailbox = "calendar@contoso.test";
    public const string PropertySet = "{c9a1b2c3-0000-4000-8000-000000000001}";

    public Harness(GraphEmulatorOptions? options = null)
    {
        Graph = new GraphEmulator((options ?? GraphEmulatorOptions.Strict) with { Latency = TimeSpan.Zero }, Time);
        Graph.AddSharedMailbox(Mailbox, "Calendar");
        Http = Graph.CreateClient();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    public GraphEmulator Graph { get; }
    public HttpClient Http { get; }
    public static DateTimeOffset Day => new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    public static string Prop(string name) => $"String {PropertySet} Name {name}";

    public sealed record Reply(HttpStatusCode Status, JsonObject? Body, HttpResponseMessage Response)
    {
        public string? ErrorCode => Body?["error"]?["code"]?.GetValue<string>();
        public string Header(string name) =>
            Response.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : Response.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : "";
        public JsonArray Value => Body!["value"]!.AsArray();
        public string Id => Body!["id"]!.GetValue<string>();
        public string ChangeKey => Body!["changeKey"]!.GetValue<string>();
    }

    public async Task<Reply> Send(HttpMethod method, string uri, JsonNode? body = null, Action<HttpRequestMessage>? configure = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        configure?.Invoke(request);
        var response = await (client ?? Http).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text) as JsonObject, response);
    }

    public Task<Reply> Get(string uri, Action<HttpRequestMessage>? configure = null) => Send(HttpMethod.Get, uri, null, configure);
    public Task<Reply> Post(string uri, JsonNode body, Action<HttpRequestMessage>? configure = null) => Send(HttpMethod.Post, uri, body, configure);
    public Task<Reply> Patch(string uri, JsonNode body, string? ifMatch = null) =>
        Send(HttpMethod.Patch, uri, body, r => { if (ifMatch is not null) r.Headers.TryAddWithoutValidation("If-Match", ifMatch); });
    public Task<Reply> Delete(string uri) => Send(HttpMethod.Delete, uri);

    public static void Prefer(HttpRequestMessage r, string preference) => r.Headers.TryAddWithoutValidation("Prefer", preference);

    public static JsonObject Event(DateTimeOffset start, int minutes = 60, string subject = "Appointment", params (string Name, string Value)[] properties)
    {
        var e = new JsonObject
        {
            ["subject"] = subject,
            ["start"] = new JsonObject { ["dateTime"] = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss"), ["timeZone"] = "UTC" },
            ["end"] = new JsonObject { ["dateTime"] = start.AddMinutes(minutes).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss"), ["timeZone"] = "UTC" },
        };
        if (properties.Length > 0) e["singleValueExtendedProperties"] = Properties(properties);
        return e;
    }

    public static JsonArray Properties(params (string Name, string Value)[] properties) =>
        new([.. properties.Select(p => (JsonNode)new JsonObject { ["id"] = Prop(p.Name), ["value"] = p.Value })]);

    public static JsonArray Attendees(params string[] addresses) =>
        new([.. addresses.Select(a => (JsonNode)new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = a, ["name"] = a }, ["type"] = "required" })]);

    public async Task<Reply> CreateEvent(JsonObject body, string mailbox = Mailbox)
    {
        var reply = await Post($"users/{mailbox}/events", body);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply;
    }

    public static string Filter(string text) => Uri.EscapeDataString(text);

    public static string PropertyFilter(string name, string op, string value) =>
        $"singleValueExtendedProperties/any(ep: ep/id eq '{Prop(name)}' and ep/value {op} '{value}')";

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    public void Dispose()
    {
        Http.Dispose();
        Graph.Dispose();
    }
}
