using Azure.Core;
using Bookings.Core.Admin;
using Bookings.GraphEmulation;
using Bookings.Store.Sqlite.Users;
using Bookings.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Microsoft365;

/// <summary>
/// A Microsoft 365 tenant on the Graph emulator, and what points the app (or the CLI) at it: Store:Provider=Graph with the store's own
/// transport, signing in as the app with the emulator's app token. The directory mailbox exists; calendars' mailboxes are the test's.
/// </summary>
internal sealed class EmulatedMicrosoft365 : IDisposable
{
    public const string DirectoryMailbox = "bookings-directory@contoso.onmicrosoft.com";
    public const string ClientId = "11111111-2222-3333-4444-555555555555";

    public EmulatedMicrosoft365(TimeProvider time)
    {
        Graph = new GraphEmulator(GraphEmulatorOptions.Strict, time);
        Graph.AddMailbox(DirectoryMailbox, "Bookings directory");
    }

    public GraphEmulator Graph { get; }

    public Dictionary<string, string?> Settings() => new()
    {
        ["Store:Provider"] = "Graph",
        ["Graph:TenantId"] = "contoso.onmicrosoft.com",
        ["Graph:ClientId"] = ClientId,
        ["Graph:ClientSecret"] = "not-a-secret",
        ["Graph:BaseUrl"] = Graph.BaseAddress.ToString(),
        ["Graph:DirectoryMailbox"] = DirectoryMailbox,
    };

    /// <summary>The app's credential: the emulator's app token.</summary>
    public void Services(IServiceCollection services) => services.AddSingleton<TokenCredential>(Graph.AppCredential);

    /// <summary>
    /// Points <paramref name="factory"/> at this tenant, without background workers. <paramref name="localAccounts"/>: the embedded store's
    /// accounts too (the app has none on Microsoft 365), so that a test can sign in without Microsoft Entra ID.
    /// </summary>
    public void Apply(BookingsFactory factory, bool localAccounts = true)
    {
        foreach (var (k, v) in Settings()) factory.Settings[k] = v;
        factory.Settings["Workers:Enabled"] = "false";
        factory.TestServices.Add(Services);
        if (localAccounts) factory.TestServices.Add(s => s.AddSingleton<IUserStore>(new SqliteUserStore(factory.DataDirectory)));
    }

    public void Dispose() => Graph.Dispose();
}
