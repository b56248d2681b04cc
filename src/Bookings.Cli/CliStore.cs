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

    /// <summary>The host's services (the store's, plus what <c>configure</c> of <see cref="OpenAsync"/> added).</summary>
    public IServiceProvider Services => _services;

    public static async Task<CliStore> OpenAsync(ParseResult parsed, CancellationToken ct, IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var settings = new Dictionary<string, string?> { ["Store:DataDirectory"] = DefaultDataDirectory };
        var builder = new ConfigurationBuilder().AddInMemoryCollection(settings).AddEnvironmentVariables();
        if (parsed.GetValue(DataDirectoryOption) is { Length: > 0 } dir)
            builder.AddInMemoryCollection([new("Store:DataDirectory", dir)]);
        if (overrides is not null) builder.AddInMemoryCollection(overrides);

        var configuration = builder.Build();
        var collection = new ServiceCollection().AddLogging().AddBookingsStore(configuration);
        configure?.Invoke(collection, configuration);
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

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
