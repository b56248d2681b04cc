using Bookings.GraphEmulation;
using Bookings.Store.Graph;
using Bookings.Store.Graph.Transport;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// A tenant on the Graph emulator for the Microsoft 365 store's tests: the directory mailbox and the calendars' mailboxes exist (as IT
/// or a delegated administrator would have made them), and every store talks to it through the real transport (GraphHttp: the app's
/// token, the one retry layer honouring Retry-After, at most 4 requests in flight per mailbox).
/// </summary>
internal sealed class EmulatedTenant : IDisposable
{
    public const string DirectoryMailbox = "directory@bookings.local";

    /// <summary>The calendars the contract suites create, by slug: their mailboxes exist in the tenant.</summary>
    public static readonly string[] Slugs = ["contoso", "fabrikam", "northwind", "contoso-two", "contoso-advisors", "other", "second", "third"];

    private readonly TimeProvider _time;
    private readonly List<HttpClient> _clients = [];

    public EmulatedTenant(GraphEmulatorOptions profile, TimeProvider time)
    {
        _time = time;
        Graph = new GraphEmulator(profile, time);
        Graph.AddMailbox(DirectoryMailbox, "Bookings directory");
        foreach (var slug in Slugs) Graph.AddMailbox($"{slug}@bookings.local", slug);
    }

    public GraphEmulator Graph { get; }

    /// <summary>The emulator's profile by name: Strict (the default), Hostile or Refusing.</summary>
    public static GraphEmulatorOptions Profile(string name) => name switch
    {
        "Hostile" => GraphEmulatorOptions.Hostile,
        "Refusing" => GraphEmulatorOptions.Refusing,
        _ => GraphEmulatorOptions.Strict,
    };

    public GraphStoreOptions Options { get; } = new() { DirectoryMailbox = DirectoryMailbox };

    /// <summary>A client of the store's own transport to this tenant (each store instance its own, as two processes would have).</summary>
    public HttpClient Transport()
    {
        var http = GraphHttp.CreateClient(new GraphOptions
        {
            TenantId = "contoso.onmicrosoft.com",
            ClientId = "00000000-0000-0000-0000-000000000001",
            ClientSecret = "not-a-secret",
            BaseUrl = Graph.BaseAddress.ToString(),
        }, Graph.AppCredential, TimeProvider.System);
        _clients.Add(http);
        return http;
    }

    /// <summary>A store instance (a process of Bookings) on this tenant, on the test's clock.</summary>
    public GraphBookingStore NewStore(GraphStoreOptions? options = null) => new(Transport(), _time, options ?? Options);

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        Graph.Dispose();
    }
}
