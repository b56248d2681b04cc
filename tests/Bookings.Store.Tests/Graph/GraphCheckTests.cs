using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Admin;
using Bookings.GraphEmulation;
using Bookings.Store.Graph;
using Bookings.Store.Graph.Check;
using Bookings.Store.Graph.Transport;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// <c>bookings graph check</c> (GraphCheck) on the Graph emulator, through the store's own transport: everything passes on the Strict
/// reading; on Hostile and Refusing the readings the store does not rely on are notes and the rest passes; a mailbox outside the app's
/// scope stops the run at once; a calendar without Teams is a note; a host whose clock is off fails the clock check; and whatever happens
/// (a step without an answer, a cancelled run), the mailbox is left as it was.
/// </summary>
public sealed class GraphCheckTests(ITestOutputHelper output) : IDisposable
{
    public const string Mailbox = "contoso@bookings.local";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var d in _disposables) d.Dispose();
    }

    public static TheoryData<string> Profiles => ["Strict", "Hostile", "Refusing"];

    private EmulatedTenant Tenant(string profile = "Strict")
    {
        var tenant = new EmulatedTenant(EmulatedTenant.Profile(profile), _time);
        _disposables.Add(tenant);
        return tenant;
    }

    private static GraphCheck Check(EmulatedTenant tenant, TimeProvider time) => new(tenant.Transport(), time, tenant.Options);

    /// <summary>A client of the store's transport without retries, whose requests pass <paramref name="wire"/> first (faults, counting).</summary>
    private HttpClient Transport(EmulatedTenant tenant, DelegatingHandler wire)
    {
        wire.InnerHandler = new SocketsHttpHandler();
        var http = GraphHttp.CreateClient(new GraphOptions
        {
            TenantId = "contoso.onmicrosoft.com",
            ClientId = "00000000-0000-0000-0000-000000000001",
            ClientSecret = "not-a-secret",
            BaseUrl = tenant.Graph.BaseAddress.ToString(),
            MaxRetries = 0,
        }, tenant.Graph.AppCredential, TimeProvider.System, primaryHandler: wire);
        _disposables.Add(http);
        return http;
    }

    private void Print(IEnumerable<CheckOutcome> outcomes)
    {
        foreach (var o in outcomes) output.WriteLine($"{o.Result,-4} {o.Id}: {o.Seen}");
    }

    private static CheckOutcome Outcome(IEnumerable<CheckOutcome> outcomes, string id) => Assert.Single(outcomes, o => o.Id == id);

    [Fact]
    public async Task OnTheStrictReadingEveryAssumptionPasses()
    {
        var tenant = Tenant();

        var outcomes = await Check(tenant, _time).RunAsync(Mailbox);

        Print(outcomes);
        Assert.Equal(GraphCheck.Ids, outcomes.Select(o => o.Id));
        Assert.DoesNotContain(outcomes, o => o.Result == CheckResult.Fail);
        // Notes are the readings the store does not rely on, and what cannot be tried without mailing someone.
        Assert.Equal(["case", "range", "no-mail", "select-created", "transaction-id", "send-mail"],
            outcomes.Where(o => o.Result == CheckResult.Note).Select(o => o.Id));
        Assert.Equal("within 2 s", Outcome(outcomes, "clock").Seen);
        Assert.Equal("a replay answered the same event", Outcome(outcomes, "transaction-id").Seen);
        Assert.Equal("refused: 400 ErrorInvalidProperty", Outcome(outcomes, "select-created").Seen);
        Assert.Equal("3 of 3 items in 3 pages", Outcome(outcomes, "paging").Seen);
        Assert.Equal("body replaced, changeKey moved", Outcome(outcomes, "patch-body").Seen);
        Assert.Equal("in 5 of 5 reads", Outcome(outcomes, "read-your-writes").Seen);
        Assert.All(outcomes, o => Assert.StartsWith("https://", o.Documentation, StringComparison.Ordinal));
        Assert.All(outcomes, o => Assert.False(string.IsNullOrWhiteSpace(o.WhenItFails)));
        // Nobody was mailed: no invitation, update or cancellation, and sendMail was not called.
        Assert.Empty(tenant.Graph.Meeting.All);
        Assert.Empty(tenant.Graph.SentMail);
        Assert.DoesNotContain(tenant.Graph.RequestLog, r => r.IfMatch is not null);
    }

    [Theory]
    [InlineData("Hostile")]
    [InlineData("Refusing")]
    public async Task OnHostileAndRefusingReadingsTheCheckReportsThemAndStillPassesWhatTheStoreReliesOn(string profile)
    {
        var tenant = Tenant(profile);

        var outcomes = await Check(tenant, _time).RunAsync(Mailbox);

        Print(outcomes);
        Assert.Equal(GraphCheck.Ids, outcomes.Select(o => o.Id));
        Assert.DoesNotContain(outcomes, o => o.Result == CheckResult.Fail);
        if (profile == "Hostile")
        {
            Assert.Equal("a replay made a second event", Outcome(outcomes, "transaction-id").Seen);
            // A PATCH soon after a create answers 412 by itself; retried as the store retries its own writes.
            Assert.Contains("412", Outcome(outcomes, "patch-own").Seen, StringComparison.Ordinal);
            Assert.Contains("412", Outcome(outcomes, "patch-some").Seen, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("a replay answered 409 ErrorDuplicateTransactionId", Outcome(outcomes, "transaction-id").Seen);
        }
        Assert.Empty(tenant.Graph.Meeting.All);
        Assert.Empty(tenant.Graph.SentMail);
    }

    [Fact]
    public async Task AMailboxOutsideTheAppsScopeFailsTheFirstCheckWithWhatTheStoreDoesAndStops()
    {
        var tenant = Tenant();
        tenant.Graph.SetOutsideAppScope(Mailbox);

        var outcomes = await Check(tenant, _time).RunAsync(Mailbox);

        var open = Assert.Single(outcomes);
        Assert.Equal(("open", CheckResult.Fail, "403 ErrorAccessDenied"), (open.Id, open.Result, open.Seen));
        Assert.Contains("outside the app's scope", open.WhenItFails, StringComparison.Ordinal);
        Assert.Contains("lists it as unreachable and skips it", open.WhenItFails, StringComparison.Ordinal);
        Assert.Contains("infra/exchange-scope.ps1", open.WhenItFails, StringComparison.Ordinal);
        Assert.Equal(1, tenant.Graph.RequestsFor(Mailbox));
    }

    [Fact]
    public async Task AnUnknownMailboxFailsTheFirstCheckAndStops()
    {
        var tenant = Tenant();

        var outcomes = await Check(tenant, _time).RunAsync("nobody@bookings.local");

        var open = Assert.Single(outcomes);
        Assert.Equal((CheckResult.Fail, "404 ErrorInvalidUser"), (open.Result, open.Seen));
        Assert.Contains("no such mailbox", open.WhenItFails, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACalendarThatAllowsNoTeamsMeetingsIsANoteAndNoOnlineEventIsTried()
    {
        var tenant = Tenant();
        tenant.Graph.SetOnlineMeetingProviders(Mailbox, []);

        var outcomes = await Check(tenant, _time).RunAsync(Mailbox);

        var teams = Outcome(outcomes, "teams");
        Assert.Equal((CheckResult.Note, "no provider allowed"), (teams.Result, teams.Seen));
        Assert.Contains("no Teams link", teams.WhenItFails, StringComparison.Ordinal);
        Assert.DoesNotContain(outcomes, o => o.Id == "teams-link");
        Assert.DoesNotContain(outcomes, o => o.Result == CheckResult.Fail);
    }

    [Fact]
    public async Task AHostWhoseClockIsFiveMinutesAheadOfExchangeFailsTheClockCheck()
    {
        var tenant = Tenant();
        var ahead = new FakeTimeProvider(_time.GetUtcNow().AddMinutes(5));

        var outcomes = await Check(tenant, ahead).RunAsync(Mailbox);

        var clock = Outcome(outcomes, "clock");
        Assert.Equal((CheckResult.Fail, "300 s apart (this machine ahead)"), (clock.Result, clock.Seen));
        Assert.Contains("NTP", clock.WhenItFails, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task AfterARunNoScratchItemIsLeftInTheMailbox(string profile)
    {
        var tenant = Tenant(profile);
        tenant.Graph.AddEvent(Mailbox, _time.GetUtcNow().AddDays(1), _time.GetUtcNow().AddDays(1).AddHours(1)); // the mailbox's own
        var before = await MailboxState.ReadAsync(tenant.Graph, Mailbox);

        var outcomes = await Check(tenant, _time).RunAsync(Mailbox);

        Assert.Equal(before, await MailboxState.ReadAsync(tenant.Graph, Mailbox));
        Assert.Equal(("clean-up", CheckResult.Pass, "nothing left"), (outcomes[^1].Id, outcomes[^1].Result, outcomes[^1].Seen));
    }

    [Fact]
    public async Task AStepWithoutAnAnswerFailsThatStepAndTheRunGoesOnAndCleansUp()
    {
        var tenant = Tenant();
        var before = await MailboxState.ReadAsync(tenant.Graph, Mailbox);
        // Every write of a contact loses its connection (no retries on this transport).
        var wire = new Wire((request, _) =>
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/contacts", StringComparison.Ordinal))
                throw new HttpRequestException("The connection was reset.");
        });

        var outcomes = await new GraphCheck(Transport(tenant, wire), _time, tenant.Options).RunAsync(Mailbox);

        Print(outcomes);
        var contacts = Outcome(outcomes, "contacts");
        Assert.Equal(CheckResult.Fail, contacts.Result);
        Assert.StartsWith("no usable answer: HttpRequestException", contacts.Seen, StringComparison.Ordinal);
        Assert.DoesNotContain(outcomes, o => o.Id == "contact-update"); // it needs the contact
        Assert.Equal(CheckResult.Pass, Outcome(outcomes, "free-busy").Result); // the run went on
        Assert.Equal([contacts], outcomes.Where(o => o.Result == CheckResult.Fail));
        Assert.Equal(before, await MailboxState.ReadAsync(tenant.Graph, Mailbox));
    }

    [Theory]
    [InlineData(8, GraphEmulator.Kinds.Messages)]  // the hidden folder and a draft message made
    [InlineData(40, GraphEmulator.Kinds.Events)]   // the scratch event made too
    public async Task ACancelledRunStillRemovesItsScratchItems(int cancelAtRequest, string made)
    {
        var tenant = Tenant();
        var before = await MailboxState.ReadAsync(tenant.Graph, Mailbox);
        using var cancel = new CancellationTokenSource();
        var wire = new Wire((_, count) =>
        {
            if (count == cancelAtRequest) cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new GraphCheck(Transport(tenant, wire), _time, tenant.Options).RunAsync(Mailbox, cancel.Token));

        Assert.Contains(tenant.Graph.RequestLog, r => r.Method == "POST" && r.Kind == made && r.Status == 201);
        Assert.Equal(before, await MailboxState.ReadAsync(tenant.Graph, Mailbox));
    }

    /// <summary>Sees every request on the wire before it goes (its number from 1); may throw to lose it.</summary>
    private sealed class Wire(Action<HttpRequestMessage, int> seen) : DelegatingHandler
    {
        private int _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen(request, Interlocked.Increment(ref _count));
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>What a mailbox of the emulator holds, by id: mail folders (hidden ones too), messages, events, contact folders, contacts.</summary>
internal sealed record MailboxState(string Folders, string Messages, string Events, string ContactFolders, string Contacts)
{
    public static async Task<MailboxState> ReadAsync(GraphEmulator graph, string mailbox)
    {
        using var http = graph.CreateClient();
        async Task<string> IdsAsync(string uri)
        {
            var body = JsonNode.Parse(await http.GetStringAsync(uri))!;
            Assert.Null(body["@odata.nextLink"]);
            return string.Join(",", body["value"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        }
        static string Ids(IEnumerable<JsonObject> items) => string.Join(",", items.Select(i => i["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        return new MailboxState(
            await IdsAsync($"users/{mailbox}/mailFolders?includeHiddenFolders=true&$select=id&$top=1000"),
            Ids(graph.MessagesOf(mailbox)),
            Ids(graph.EventsOf(mailbox)),
            await IdsAsync($"users/{mailbox}/contactFolders?$select=id&$top=1000"),
            Ids(graph.ContactsOf(mailbox)));
    }
}
