using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Web.Tests.Api;
using Bookings.Worker.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Sync;

/// <summary>
/// A feed address the address-safety rules refuse (Sync:Feeds:AllowPrivateAddresses off, as in production), stored before
/// the save-time check existed: the sync says what it is and how to fix it, never "an error we can't identify".
/// </summary>
public sealed class FeedAddressSafetyTests : IDisposable
{
    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;

    public FeedAddressSafetyTests()
    {
        _factory.Settings["Workers:Enabled"] = "false"; // the test runs the passes itself
        _factory.Settings["Sync:Feeds:RetryAttempts"] = "0";
        _factory.Settings["Sync:EscalateAfter"] = "2";
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    [Theory]
    [InlineData("http://127.0.0.1:8080/anna.ics", "local or private network")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "local or private network")]
    [InlineData("http://localhost/anna.ics", "local or private network")]
    [InlineData("https://anna:s3cret@calendar.example/anna.ics", "user name or password")]
    public async Task AStoredFeedAddressTheSafetyRulesRefuseIsDiagnosedAsNotAllowedWithItsFixNeverAsTransient(string url, string reason)
    {
        var mailbox = (await Store.GetMailboxBySlugAsync("contoso"))!;
        mailbox.Document.FindStaff("anna")!.IcsFeedUrl = url; // stored directly, as an earlier version let the admin app do
        await Store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
        var runner = _factory.Services.GetRequiredService<StaffSyncRunner>();

        for (var pass = 0; pass < 3; pass++)
        {
            Assert.Equal(1, (await runner.RunOnceAsync()).StaffFailing);
            _factory.Time.Advance(TimeSpan.FromMinutes(5));
        }

        var diagnosis = Assert.Single(await _factory.Services.GetRequiredService<SyncStatusReader>().ReadAsync(), d => d.StaffId == "anna");
        Assert.Equal(SyncDiagnosis.CannotSync, diagnosis.Status);
        Assert.StartsWith("Cannot sync this staff member's calendar: this address is not allowed: ", diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains(reason, diagnosis.Message, StringComparison.Ordinal);
        Assert.Contains("paste the calendar's public ICS link", diagnosis.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(url, diagnosis.Message, StringComparison.Ordinal); // a feed URL can be a secret
        Assert.NotEqual(SyncDiagnosis.UnknownError, diagnosis.Message);
        Assert.False(diagnosis.Escalated);

        var health = await _client.GetFromJsonAsync<JsonElement>("/health");
        var sync = health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "staff-calendar-sync");
        Assert.Equal(1, sync.GetProperty("data").GetProperty("notAllowed").GetInt32());
        Assert.Equal(0, sync.GetProperty("data").GetProperty("unknown").GetInt32());
        Assert.Equal(0, sync.GetProperty("data").GetProperty("escalated").GetInt32());
    }
}
