using System.Text.Json;
using Bookings.Cli;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Web.Tests.Microsoft365;

/// <summary>
/// `bookings calendars create|list|delete` on the Microsoft 365 store, in-process against the Graph emulator (settings and the app's
/// credential through <see cref="CliHost"/>): it adopts mailboxes and never pretends to create one, lists the calendars whose mailbox the
/// app may not read with the fix, and says what Exchange keeps when a calendar is deleted.
/// </summary>
public sealed class CalendarsCliOnMicrosoft365Tests : IDisposable
{
    private const string Reception = "reception@contoso.onmicrosoft.com";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly EmulatedMicrosoft365 _tenant;
    private readonly string _dataDir = Directory.CreateTempSubdirectory("bookings-cli-m365-").FullName;

    public CalendarsCliOnMicrosoft365Tests()
    {
        _tenant = new EmulatedMicrosoft365(_time);
        _tenant.Graph.AddSharedMailbox(Reception, "Reception");
    }

    public void Dispose()
    {
        _tenant.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var host = new CliHost { Time = _time, Settings = _tenant.Settings(), Services = _tenant.Services };
        var code = await CliApp.RunAsync([.. args, "--data-dir", _dataDir], stdout, stderr, host);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string OneErrorLine((int Code, string Out, string Err) r)
    {
        Assert.Equal(CliApp.Failure, r.Code);
        Assert.Equal("", r.Out);
        return Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task CreateWithoutAMailboxSaysTheAppCannotCreateOneAndShowsTheTwoWays()
    {
        var line = OneErrorLine(await Run("calendars", "create", "desk", "--name", "Front desk"));

        Assert.Contains("cannot create mailboxes", line, StringComparison.Ordinal);
        Assert.Contains("New calendar > Create a scheduling mailbox", line, StringComparison.Ordinal);
        Assert.Contains("--mailbox ADDRESS", line, StringComparison.Ordinal);
        Assert.DoesNotContain("AdoptedMailboxes", line, StringComparison.Ordinal);
        Assert.DoesNotContain(_tenant.Graph.RequestLog, r => r.PathAndQuery.Contains("bookingBusinesses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAdoptsTheMailboxAndTheHelpSaysSo()
    {
        var help = await Run("calendars", "create", "--help");
        var created = await Run("calendars", "create", "reception", "--name", "Reception", "--mailbox", Reception);

        Assert.Contains("Required on the Microsoft 365 store", help.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("AdoptedMailboxes", help.Out, StringComparison.Ordinal);
        Assert.Equal(0, created.Code);
        Assert.Equal(Reception, JsonDocument.Parse(created.Out).RootElement.GetProperty("id").GetString());
        var list = JsonDocument.Parse((await Run("calendars", "list")).Out).RootElement;
        Assert.Equal("reception", Assert.Single(list.GetProperty("calendars").EnumerateArray()).GetProperty("slug").GetString());
    }

    [Fact]
    public async Task AMailboxOutsideTheAppsScopeIsRegisteredListedAfterTheCalendarsWithTheFixAndCanBeDeleted()
    {
        _tenant.Graph.AddSharedMailbox("desk@contoso.onmicrosoft.com");
        _tenant.Graph.SetOutsideAppScope("desk@contoso.onmicrosoft.com");
        Assert.Equal(0, (await Run("calendars", "create", "reception", "--name", "Reception", "--mailbox", Reception)).Code);

        var pending = OneErrorLine(await Run("calendars", "create", "desk", "--name", "Desk", "--mailbox", "desk@contoso.onmicrosoft.com"));
        var list = JsonDocument.Parse((await Run("calendars", "list")).Out).RootElement;

        Assert.Contains("is registered, but the app may not open the mailbox desk@contoso.onmicrosoft.com yet", pending, StringComparison.Ordinal);
        Assert.Contains($"-AppId {EmulatedMicrosoft365.ClientId}", pending, StringComparison.Ordinal);
        Assert.Equal(Reception, Assert.Single(list.GetProperty("calendars").EnumerateArray()).GetProperty("id").GetString());
        var unreachable = Assert.Single(list.GetProperty("unreachable").EnumerateArray());
        Assert.Equal("desk@contoso.onmicrosoft.com", unreachable.GetProperty("mailbox").GetString());
        Assert.Contains("403", unreachable.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("-Mailboxes desk@contoso.onmicrosoft.com", unreachable.GetProperty("fix").GetString(), StringComparison.Ordinal);

        var deleted = await Run("calendars", "delete", "desk@contoso.onmicrosoft.com", "--yes");

        Assert.Equal(0, deleted.Code);
        Assert.Equal(0, JsonDocument.Parse((await Run("calendars", "list")).Out).RootElement.GetProperty("unreachable").GetArrayLength());
    }

    [Fact]
    public async Task DeleteSaysWhatExchangeKeepsAndHowITRemovesTheMailbox()
    {
        Assert.Equal(0, (await Run("calendars", "create", "reception", "--name", "Reception", "--mailbox", Reception)).Code);

        var deleted = await Run("calendars", "delete", "reception", "--yes");

        Assert.Equal(0, deleted.Code);
        var note = JsonDocument.Parse(deleted.Out).RootElement.GetProperty("note").GetString();
        Assert.Contains($"Exchange keeps the mailbox {Reception} and its calendar's events", note, StringComparison.Ordinal);
        Assert.Contains($"Remove-Mailbox -Identity {Reception}", note, StringComparison.Ordinal);
        Assert.Contains("deleted in Microsoft Bookings", note, StringComparison.Ordinal);
        Assert.True(_tenant.Graph.MailboxExists(Reception));
        Assert.Equal(0, JsonDocument.Parse((await Run("calendars", "list")).Out).RootElement.GetProperty("calendars").GetArrayLength());
    }
}
