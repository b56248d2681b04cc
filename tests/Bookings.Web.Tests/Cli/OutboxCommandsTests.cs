using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Web.Tests.Api;

namespace Bookings.Web.Tests.Cli;

/// <summary>`bookings outbox list|show|resend` on the data directory of a running app.</summary>
public sealed class OutboxCommandsTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public OutboxCommandsTests() => _factory.Settings["Workers:Enabled"] = "false"; // the messages stay pending

    public void Dispose() => _factory.Dispose();

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.RunAsync(_factory.DataDirectory, _factory.Time, args);

    [Fact]
    public async Task MessagesAreListedShownAndSentAgain()
    {
        using var client = _factory.CreateClient();
        var booked = await client.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name = "Jan Kowalski", email = "jan@example.com" },
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        var list = await Run("outbox", "list", "contoso", "--pending");
        Assert.Equal(0, list.Code);
        var rows = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToList();
        var toJan = rows.Single(r => r.GetProperty("to").GetString() == "jan@example.com");
        Assert.Equal("pending", toJan.GetProperty("status").GetString());
        var id = toJan.GetProperty("id").GetString()!;

        var shown = await Run("outbox", "show", "contoso", id);
        Assert.Equal(0, shown.Code);
        Assert.Contains("To: Jan Kowalski <jan@example.com>", shown.Out);
        Assert.Contains("Subject: Booking confirmed: Consultation", shown.Out);
        Assert.Contains("Attachment: invite.ics", shown.Out);
        Assert.Contains("<!DOCTYPE html>", (await Run("outbox", "show", "contoso", id, "--html")).Out);

        var resent = await Run("outbox", "resend", "contoso", id);
        Assert.Equal(0, resent.Code);
        Assert.Contains("\"status\": \"pending\"", resent.Out);

        var unknown = await Run("outbox", "show", "contoso", "msg-unknown");
        Assert.NotEqual(0, unknown.Code);
        Assert.Equal("bookings: Calendar 'contoso' has no message 'msg-unknown'.", unknown.Err.Trim());
    }
}
