using System.Text.Json;
using Bookings.Store.Graph.Check;
using Bookings.Web.Tests.Graph;

namespace Bookings.Web.Tests.Cli;

/// <summary>`bookings graph check --mailbox ADDRESS [--json]`, in-process, on the Microsoft 365 store pointed at the Graph emulator.</summary>
public sealed class GraphCheckCliTests(Xunit.Abstractions.ITestOutputHelper log) : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "bookings-tests", Guid.NewGuid().ToString("N"));
    private readonly EmulatedGraph _tenant = new(TimeProvider.System);

    public void Dispose()
    {
        _tenant.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.RunAsync(_dataDirectory, TimeProvider.System, _tenant.CliHost, args);

    [Fact]
    public async Task ItPrintsEveryAssumptionWithWhatWasSeenItsDocumentationAndWhatFailingMeansThenTheTotals()
    {
        var (code, output, error) = await Run("graph", "check", "--mailbox", EmulatedGraph.CalendarMailbox);

        log.WriteLine(output);
        Assert.True(code == 0, error + output);
        Assert.Equal("", error);
        var lines = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("✓ The app can open the mailbox (its mail folders, hidden ones included)", lines[0]);
        Assert.Equal("    seen: 200", lines[1]);
        Assert.Equal("    docs: https://learn.microsoft.com/graph/api/user-list-mailfolders", lines[2]);
        Assert.Equal("    if it fails: The store cannot use this mailbox as a calendar.", lines[3]);
        Assert.Contains("· Writing an event without attendees (records, holds, time off) mails nobody", lines);
        Assert.Equal("31 passed, 0 failed, 6 notes", lines[^1]);
        // One line per assumption, each followed by its three indented lines (long ones wrapped, never past 120 columns).
        Assert.Equal(GraphCheck.Ids.Count, lines.Count(l => l.Length > 0 && "✓✗·".Contains(l[0], StringComparison.Ordinal)));
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        Assert.Equal(GraphCheck.Ids.Count, lines.Count(l => l.StartsWith("    if it fails: ", StringComparison.Ordinal)));
        // Scratch items only: nothing was mailed, nothing is left.
        Assert.Empty(_tenant.Graph.SentMail);
        Assert.Empty(_tenant.Graph.Meeting.All);
        Assert.Empty(_tenant.Graph.EventsOf(EmulatedGraph.CalendarMailbox));
        Assert.Empty(_tenant.Graph.MessagesOf(EmulatedGraph.CalendarMailbox));
    }

    [Fact]
    public async Task WithJsonItPrintsTheOutcomes()
    {
        var (code, output, _) = await Run("graph", "check", "--mailbox", EmulatedGraph.CalendarMailbox, "--json");

        Assert.Equal(0, code);
        var outcomes = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(GraphCheck.Ids, outcomes.Select(o => o.GetProperty("id").GetString()));
        var open = outcomes[0];
        Assert.Equal("pass", open.GetProperty("result").GetString());
        Assert.Equal("200", open.GetProperty("seen").GetString());
        Assert.Equal("https://learn.microsoft.com/graph/api/user-list-mailfolders", open.GetProperty("documentation").GetString());
        Assert.Equal("The store cannot use this mailbox as a calendar.", open.GetProperty("whenItFails").GetString());
        Assert.Equal(6, outcomes.Count(o => o.GetProperty("result").GetString() == "note"));
    }

    [Fact]
    public async Task AMailboxOutsideTheAppsScopeFailsWithExitCodeOne()
    {
        _tenant.Graph.SetOutsideAppScope(EmulatedGraph.CalendarMailbox);

        var (code, output, _) = await Run("graph", "check", "--mailbox", EmulatedGraph.CalendarMailbox);

        Assert.Equal(1, code);
        var lines = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("✗ The app can open the mailbox (its mail folders, hidden ones included)", lines[0]);
        Assert.Equal("    seen: 403 ErrorAccessDenied", lines[1]);
        Assert.StartsWith("    if it fails: The mailbox is outside the app's scope", lines[3], StringComparison.Ordinal);
        Assert.Equal("0 passed, 1 failed, 0 notes", lines[^1]);
    }

    [Fact]
    public async Task OnTheEmbeddedStoreItSaysItIsForMicrosoft365AndTouchesNothing()
    {
        var (code, output, error) = await CliRun.RunAsync(_dataDirectory, TimeProvider.System, "graph", "check", "--mailbox", "frontdesk@contoso.example");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("bookings: bookings graph check is for the Microsoft 365 store: set Store:Provider=Graph", error.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDirectory), "the embedded store was not opened");
    }

    [Fact]
    public async Task WithoutItsGraphSettingsItNamesTheMissingOnes()
    {
        var (code, _, error) = await CliRun.RunAsync(_dataDirectory, TimeProvider.System,
            new Bookings.Cli.CliHost { Settings = new Dictionary<string, string?> { ["Store:Provider"] = "Graph" } },
            "graph", "check", "--mailbox", "frontdesk@contoso.example");

        Assert.Equal(1, code);
        Assert.Contains("Graph:TenantId", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressThatIsNoMailboxIsRefused()
    {
        var (code, _, error) = await Run("graph", "check", "--mailbox", "not an address");

        Assert.Equal(1, code);
        Assert.Equal("bookings: 'not an address' is not a mailbox address.", error.Trim());
    }
}
