using Bookings.Cli;
using Bookings.GraphEmulation;
using Microsoft.Extensions.DependencyInjection;
using TokenCredential = Azure.Core.TokenCredential;

namespace Bookings.Web.Tests.Graph;

/// <summary>
/// A tenant on the Graph emulator and the settings that point the Microsoft 365 store at it (Store:Provider=Graph, Graph:*), with the
/// emulator's app credential in place of the Entra sign-in the settings would otherwise make: for the web app (BookingsFactory.Settings
/// and BookingsFactory.Services) and the CLI (<see cref="CliHost"/>), without environment variables.
/// </summary>
internal sealed class EmulatedGraph : IDisposable
{
    public const string DirectoryMailbox = "directory@contoso.example";
    public const string CalendarMailbox = "frontdesk@contoso.example";

    public EmulatedGraph(TimeProvider time, GraphEmulatorOptions? profile = null)
    {
        Graph = new GraphEmulator(profile, time);
        Graph.AddMailbox(DirectoryMailbox, "Bookings directory");
        Graph.AddSharedMailbox(CalendarMailbox, "Front desk");
    }

    public GraphEmulator Graph { get; }

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Store:Provider"] = "Graph",
        ["Graph:TenantId"] = "contoso.onmicrosoft.com",
        ["Graph:ClientId"] = "00000000-0000-0000-0000-000000000001",
        ["Graph:ClientSecret"] = "not-a-secret",
        ["Graph:BaseUrl"] = Graph.BaseAddress.ToString(),
        ["Graph:DirectoryMailbox"] = DirectoryMailbox,
    };

    /// <summary>The emulator's credential, registered after the store's (the transport then signs in with it).</summary>
    public void AddServices(IServiceCollection services) => services.AddSingleton<TokenCredential>(Graph.AppCredential);

    public CliHost CliHost => new() { Settings = Settings, Services = AddServices };

    public void Dispose() => Graph.Dispose();
}
