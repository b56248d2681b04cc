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

    private CliStore(ServiceProvider services, IBookingStore store)
    {
        _services = services;
        Store = store;
    }

    public IBookingStore Store { get; }

    /// <summary>The run's clock (<see cref="CliApp.RunAsync(string[], TextWriter, TextWriter, TimeProvider, CancellationToken)"/>).</summary>
    public TimeProvider Time => _services.GetRequiredService<TimeProvider>();

    /// <summary>The host's services (the store's, plus what <c>configure</c> of <see cref="OpenAsync"/> added).</summary>
    public IServiceProvider Services => _services;

    public static async Task<CliStore> OpenAsync(ParseResult parsed, CancellationToken ct, IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var configuration = Configuration(parsed, overrides);
        var root = parsed.RootCommandResult.Command as CliRootCommand;
        // The run's clock before the store's registration, which only adds the system clock when none is there.
        var time = root?.Time ?? TimeProvider.System;
        var collection = new ServiceCollection().AddLogging().AddSingleton(time).AddBookingsStore(configuration);
        configure?.Invoke(collection, configuration);
        root?.Host.Services?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        try
        {
            return new CliStore(services, await StoreHosting.OpenStoreAsync(services, ct));
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The settings of a command, later ones winning: the defaults, the environment variables, the host's settings (<see cref="CliHost"/>),
    /// <c>--data-dir</c>, then <paramref name="overrides"/>.
    /// </summary>
    public static IConfiguration Configuration(ParseResult parsed, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var settings = new Dictionary<string, string?> { ["Store:DataDirectory"] = DefaultDataDirectory };
        var builder = new ConfigurationBuilder().AddInMemoryCollection(settings).AddEnvironmentVariables();
        if (parsed.RootCommandResult.Command is CliRootCommand { Host.Settings.Count: > 0 } root) builder.AddInMemoryCollection(root.Host.Settings);
        if (parsed.GetValue(DataDirectoryOption) is { Length: > 0 } dir)
            builder.AddInMemoryCollection([new("Store:DataDirectory", dir)]);
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        return builder.Build();
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
