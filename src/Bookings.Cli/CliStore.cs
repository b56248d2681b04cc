using System.CommandLine;
using Bookings.Core.Store;
using Bookings.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Cli;

/// <summary>Opens the store the way the hosts do (Bookings.Hosting), migrated but never seeded.</summary>
internal sealed class CliStore : IAsyncDisposable
{
    public const string DefaultDataDirectory = "./data";

    public static readonly Option<string?> DataDirectoryOption = new("--data-dir")
    {
        Description = "The data directory of the store (default: the Store__DataDirectory environment variable, else ./data).",
        HelpName = "DIR",
        Recursive = true,
    };

    private readonly ServiceProvider _services;
    private readonly IConfiguration _configuration;

    private CliStore(ServiceProvider services, IConfiguration configuration, IBookingStore store)
    {
        _services = services;
        _configuration = configuration;
        Store = store;
    }

    /// <summary>The whole store: the CLI opens it (migrating the embedded one) and its commands use every port.</summary>
    public IBookingStore Store { get; }

    /// <summary>Whether the store is Microsoft 365 (Store:Provider=Graph).</summary>
    public bool IsMicrosoft365 => StoreHosting.IsMicrosoft365(_configuration);

    /// <summary>The Graph app's client id (Graph:ClientId), for the commands IT is told to run; null when not set.</summary>
    public string? GraphClientId => _configuration["Graph:ClientId"] is { Length: > 0 } id ? id : null;

    /// <summary>The run's clock (<see cref="CliApp.RunAsync(string[], TextWriter, TextWriter, TimeProvider, CancellationToken)"/>).</summary>
    public TimeProvider Time => _services.GetRequiredService<TimeProvider>();

    /// <summary>The host's services (the store's, plus what <c>configure</c> of <see cref="OpenAsync"/> added).</summary>
    public IServiceProvider Services => _services;

    /// <summary>
    /// The settings a command runs with: the data directory (./data, the environment, --data-dir), the environment, and what an
    /// in-process host gives (<see cref="CliHost.Settings"/>).
    /// </summary>
    public static IConfiguration Configuration(ParseResult parsed)
    {
        var settings = new Dictionary<string, string?> { ["Store:DataDirectory"] = DefaultDataDirectory };
        var builder = new ConfigurationBuilder().AddInMemoryCollection(settings).AddEnvironmentVariables().AddInMemoryCollection(Host(parsed).Settings);
        if (parsed.GetValue(DataDirectoryOption) is { Length: > 0 } dir)
            builder.AddInMemoryCollection([new("Store:DataDirectory", dir)]);
        return builder.Build();
    }

    private static CliHost Host(ParseResult parsed) => parsed.RootCommandResult.Command is CliRootCommand root ? root.Host : new CliHost();

    public static async Task<CliStore> OpenAsync(ParseResult parsed, CancellationToken ct, Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var host = Host(parsed);
        var configuration = Configuration(parsed);
        // The run's clock before the store's registration, which only adds the system clock when none is there.
        var collection = new ServiceCollection().AddLogging().AddSingleton(host.Time).AddBookingsStore(configuration);
        configure?.Invoke(collection, configuration);
        host.Services?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        try
        {
            return new CliStore(services, configuration, await StoreHosting.OpenStoreAsync(services, ct));
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>The calendar with this slug, or a <see cref="CliException"/> saying there is none.</summary>
    public async Task<Mailbox> FindCalendarAsync(string slug, CancellationToken ct) =>
        await Store.GetMailboxBySlugAsync(slug, ct) ?? throw new CliException($"There is no calendar with slug '{slug}'.");

    /// <summary>Who makes a change from the command line, in the audit log: "cli:" and the operating-system user.</summary>
    public static string Actor => "cli:" + Environment.UserName;

    /// <summary>Writes the audit log entry of a change made from the command line (mailbox null: outside any calendar).</summary>
    public Task AuditAsync(string? mailboxId, string action, string target, string? details, CancellationToken ct) =>
        Store.AppendAuditAsync(Core.Admin.AuditEntry.Create(Time.GetUtcNow(), mailboxId, Actor, action, target, details), ct);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
