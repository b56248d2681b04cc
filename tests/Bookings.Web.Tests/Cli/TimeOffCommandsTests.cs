using System.Text.Json;
using Bookings.Cli;
using Bookings.Core.Demo;

namespace Bookings.Web.Tests.Cli;

public sealed class TimeOffCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bookings-cli-").FullName;
    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => Bookings.Web.Tests.Cli.CliRun.RunAsync(DataDir, TimeProvider.System, args);

    private async Task ImportDemo()
    {
        var path = Path.Combine(_root, "contoso.json");
        await File.WriteAllTextAsync(path, DemoCalendar.Json());
        Assert.Equal(0, (await Run("calendars", "import", path)).Code);
    }

    [Fact]
    public async Task TimeOffIsAddedListedAndRemoved()
    {
        await ImportDemo();
        var added = await Run("timeoff", "add", "contoso", "--staff", "anna", "--from", "2026-12-24T00:00:00+01:00", "--to", "2026-12-27T00:00:00+01:00", "--reason", "Holidays");
        Assert.Equal(0, added.Code);
        var stored = JsonDocument.Parse(added.Out).RootElement;
        Assert.Equal("anna", stored.GetProperty("staffId").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 23, 23, 0, 0, TimeSpan.Zero), stored.GetProperty("start").GetDateTimeOffset());
        var closure = await Run("timeoff", "add", "contoso", "--from", "2026-12-31T12:00:00Z", "--to", "2027-01-02T00:00:00Z");
        Assert.Equal(0, closure.Code);

        var list = JsonDocument.Parse((await Run("timeoff", "list", "contoso")).Out).RootElement;
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(JsonValueKind.Undefined, list[1].TryGetProperty("staffId", out var s) ? s.ValueKind : JsonValueKind.Undefined);

        Assert.Equal(0, (await Run("timeoff", "remove", "contoso", stored.GetProperty("id").GetString()!)).Code);
        Assert.Equal(1, JsonDocument.Parse((await Run("timeoff", "list", "contoso")).Out).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("--staff", "zoe", "2026-12-24T00:00:00+01:00", "2026-12-25T00:00:00+01:00", "no staff member 'zoe'")]
    [InlineData("--reason", "x", "2026-12-24T00:00:00", "2026-12-25T00:00:00+01:00", "with an offset")]
    [InlineData("--reason", "x", "2026-12-25T00:00:00+01:00", "2026-12-24T00:00:00+01:00", "after --from")]
    public async Task BadTimeOffIsOneLineAndANonZeroExit(string option, string value, string from, string to, string expected)
    {
        await ImportDemo();
        var r = await Run("timeoff", "add", "contoso", option, value, "--from", from, "--to", to);
        Assert.NotEqual(0, r.Code);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, r.Err);
    }

    [Fact]
    public async Task AnUnknownCalendarIsRefused()
    {
        var r = await Run("timeoff", "list", "nope");
        Assert.NotEqual(0, r.Code);
        Assert.Contains("no calendar with slug 'nope'", r.Err);
    }

    [Fact]
    public async Task CreateMakesAStarterCalendarThatListsAndExports()
    {
        var created = await Run("calendars", "create", "frontdesk", "--name", "Front Desk", "--time-zone", "Central European Standard Time");
        Assert.Equal(0, created.Code);
        Assert.Equal("frontdesk@bookings.local", JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetString());
        var exported = JsonDocument.Parse((await Run("calendars", "export", "frontdesk")).Out).RootElement;
        Assert.Equal("Front Desk", exported.GetProperty("displayName").GetString());
        Assert.Equal(5, exported.GetProperty("businessHours").GetArrayLength());
        Assert.Equal("PT30M", exported.GetProperty("services")[0].GetProperty("defaultDuration").GetString());
        Assert.False(string.IsNullOrEmpty(exported.GetProperty("bookingPageSettings").GetProperty("businessTimeZone").GetString()));
        Assert.DoesNotContain("Standard Time", exported.GetProperty("bookingPageSettings").GetProperty("businessTimeZone").GetString());

        var adopted = await Run("calendars", "create", "reception", "--name", "Reception", "--mailbox", "reception@contoso.example");
        Assert.Equal("reception@contoso.example", JsonDocument.Parse(adopted.Out).RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("frontdesk", "Mars/Olympus", "Unknown time zone")]
    [InlineData("Bad Slug", "UTC", "slug")]
    public async Task CreateRefusesBadInputWithOneLine(string slug, string zone, string expected)
    {
        var r = await Run("calendars", "create", slug, "--name", "X", "--time-zone", zone);
        Assert.NotEqual(0, r.Code);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, r.Err);
    }

    [Fact]
    public async Task CreateRefusesATakenSlug()
    {
        Assert.Equal(0, (await Run("calendars", "create", "frontdesk", "--name", "A")).Code);
        var again = await Run("calendars", "create", "frontdesk", "--name", "B");
        Assert.NotEqual(0, again.Code);
        Assert.Contains("already exists", again.Err);
    }
}
