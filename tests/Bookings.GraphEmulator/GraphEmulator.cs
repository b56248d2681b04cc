using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Core;
using Bookings.GraphEmulation.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bookings.GraphEmulation;

/// <summary>
/// An emulator of the slice of Microsoft Graph v1.0 the Microsoft 365 store uses: Kestrel on 127.0.0.1 on a random port,
/// state in memory behind one lock, strict where the Graph documentation is and with a switch per plausible reading where it
/// is silent (<see cref="GraphEmulatorOptions"/>; docs/graph-conformance.md lists every behaviour and its source).
/// Every request needs a bearer token minted here (<see cref="AppToken"/>, <see cref="DelegatedToken"/>).
/// </summary>
public sealed partial class GraphEmulator : IDisposable, IAsyncDisposable
{
    /// <summary>Resource kinds, for counters, the request log and <see cref="Fail"/>.</summary>
    public static class Kinds
    {
        public const string BookingBusinesses = "bookingBusinesses";
        public const string Users = "users";
        public const string Calendar = "calendar";
        public const string MailFolders = "mailFolders";
        public const string Messages = "messages";
        public const string Events = "events";
        public const string CalendarView = "calendarView";
        public const string CalendarViewDelta = "calendarViewDelta";
        public const string ContactFolders = "contactFolders";
        public const string Contacts = "contacts";
        public const string SendMail = "sendMail";
        public const string GetSchedule = "getSchedule";
        public const string Other = "other";
    }

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly Dictionary<string, Mailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Principal> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _delegatedGrants = new(StringComparer.OrdinalIgnoreCase);
    private volatile GraphEmulatorOptions _options;
    private long _sequence;
    private int _patches;

    /// <param name="options">Switches; <see cref="GraphEmulatorOptions.Strict"/> when null.</param>
    /// <param name="time">The clock of createdDateTime, lastModifiedDateTime, budgets and delays measured on the emulator's
    /// clock (the test's FakeTimeProvider); the system clock when null. Latency is always real time.</param>
    public GraphEmulator(GraphEmulatorOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? GraphEmulatorOptions.Strict;
        _time = time ?? TimeProvider.System;
        AppToken = MintToken(new Principal(IsApp: true, User: null, Scopes: new HashSet<string>(StringComparer.OrdinalIgnoreCase)));
        Meeting = new MeetingMailCounters(this);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/v1.0/");
    }

    public GraphEmulatorOptions Options
    {
        get => _options;
        set => _options = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary><c>http://127.0.0.1:PORT/v1.0/</c>, with the trailing slash the store's relative URIs need.</summary>
    public Uri BaseAddress { get; }

    /// <summary>An app-only token (client credentials): every mailbox except those outside the app's scope.</summary>
    public string AppToken { get; }

    /// <summary>A credential that hands out <see cref="AppToken"/>, valid for an hour of the emulator's clock.</summary>
    public TokenCredential AppCredential => new EmulatorCredential(AppToken, _time);

    /// <summary>
    /// A delegated token of <paramref name="user"/> (an administrator, for bookingBusinesses). With no scopes it holds
    /// every scope; otherwise create/delete of bookingBusinesses need Bookings.Manage.All
    /// (bookingbusiness-post-bookingbusinesses.md). It reaches its own mailbox and those granted with <see cref="GrantDelegatedAccess"/>.
    /// </summary>
    public string DelegatedToken(string user, params string[] scopes) =>
        MintToken(new Principal(IsApp: false, User: user, Scopes: new HashSet<string>(scopes, StringComparer.OrdinalIgnoreCase)));

    public TokenCredential DelegatedCredential(string user, params string[] scopes) => new EmulatorCredential(DelegatedToken(user, scopes), _time);

    /// <summary>A token that no longer validates: requests with it answer 401.</summary>
    public void RevokeToken(string token)
    {
        if (_tokens.TryGetValue(token, out var principal)) _tokens[token] = principal with { Revoked = true };
    }

    /// <summary>Lets a delegated user reach another mailbox (a shared calendar or full access).</summary>
    public void GrantDelegatedAccess(string user, string mailbox)
    {
        lock (_lock)
        {
            if (!_delegatedGrants.TryGetValue(user, out var set)) _delegatedGrants[user] = set = new(StringComparer.OrdinalIgnoreCase);
            set.Add(mailbox);
        }
    }

    /// <summary>An HttpClient on <see cref="BaseAddress"/> that sends <see cref="AppToken"/>.</summary>
    public HttpClient CreateClient() => CreateClient(AppToken);

    /// <summary>An HttpClient on <see cref="BaseAddress"/> that sends <paramref name="bearerToken"/> (none when null).</summary>
    public HttpClient CreateClient(string? bearerToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (bearerToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    private string MintToken(Principal principal)
    {
        var token = $"emulator.{(principal.IsApp ? "app" : "user")}.{Guid.NewGuid():N}";
        _tokens[token] = principal;
        return token;
    }

    // ---- mailboxes ----

    /// <summary>A user's mailbox (a staff member's calendar, an administrator's own mailbox).</summary>
    public void AddMailbox(string address, string? displayName = null) => AddMailboxOfKind(address, displayName, MailboxKind.User);

    /// <summary>An existing shared mailbox the store may adopt by address.</summary>
    public void AddSharedMailbox(string address, string? displayName = null) => AddMailboxOfKind(address, displayName, MailboxKind.Shared);

    private Mailbox AddMailboxOfKind(string address, string? displayName, MailboxKind kind)
    {
        lock (_lock)
        {
            var mailbox = new Mailbox(address, displayName ?? address.Split('@')[0], kind);
            SeedWellKnownFolders(mailbox);
            _mailboxes[address] = mailbox;
            return mailbox;
        }
    }

    public bool MailboxExists(string address) { lock (_lock) return _mailboxes.ContainsKey(address); }

    /// <summary>The GUID id of a mailbox (users/{id} takes it as well as the address).</summary>
    public string MailboxId(string address) { lock (_lock) return Get(address).Id; }

    /// <summary>Puts a mailbox outside the app's RBAC / application access policy scope: every app-only call to it answers
    /// 403 ErrorAccessDenied "Access to OData is disabled." (concepts/auth-limit-mailbox-access.md).</summary>
    public void SetOutsideAppScope(string address, bool outside = true) { lock (_lock) Get(address).OutsideAppScope = outside; }

    /// <summary>The calendar's allowedOnlineMeetingProviders (default teamsForBusiness) and default provider.</summary>
    public void SetOnlineMeetingProviders(string address, IEnumerable<string> allowed, string? defaultProvider = null)
    {
        lock (_lock)
        {
            var m = Get(address);
            m.AllowedOnlineMeetingProviders = [.. allowed];
            m.DefaultOnlineMeetingProvider = defaultProvider ?? m.AllowedOnlineMeetingProviders.FirstOrDefault() ?? "unknown";
        }
    }

    private Mailbox Get(string address) =>
        _mailboxes.TryGetValue(address, out var m) ? m : throw new InvalidOperationException($"No mailbox {address} in the emulator.");

    private Mailbox? Resolve(string idOrAddress) =>
        _mailboxes.TryGetValue(idOrAddress, out var m) ? m : _mailboxes.Values.FirstOrDefault(x => x.Id.Equals(idOrAddress, StringComparison.OrdinalIgnoreCase));

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal sealed record Principal(bool IsApp, string? User, IReadOnlySet<string> Scopes, bool Revoked = false)
    {
        public bool Has(string scope) => Scopes.Count == 0 || Scopes.Contains(scope);
    }

    private sealed class EmulatorCredential(string token, TimeProvider time) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, time.GetUtcNow().AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    internal static JsonObject Clone(JsonObject o) => (JsonObject)o.DeepClone();
}
