using Bookings.Core.Admin;
using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Demo;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Store.Graph;
using Bookings.Store.Graph.Check;
using Bookings.Store.Graph.Mail;
using Bookings.Store.Graph.Transport;
using Bookings.Store.Sqlite;
using Bookings.Store.Sqlite.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bookings.Hosting;

public static class StoreHosting
{
    /// <summary>
    /// Registers the store chosen by Store:Provider, validated at start, plus the time source and the
    /// availability service. Every host (Web, Worker, Cli) calls this one method.
    /// </summary>
    public static IServiceCollection AddBookingsStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StoreOptions, AnnotatedOptionsValidator<StoreOptions>>(configuration.GetSection(StoreOptions.Section));
        services.AddValidatedOptions<SeedOptions, AnnotatedOptionsValidator<SeedOptions>>(configuration.GetSection(SeedOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StoreStartup>();
        if (IsMicrosoft365(configuration))
        {
            // Microsoft 365: the "Graph" section is bound once (GraphOptions) and validated at start, the transport's settings and
            // the store's (a wrong setting fails the start with its name); the store's options come from it. The HttpClient carries
            // auth, retries and the per-mailbox limit.
            services.AddGraphTransport(configuration);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphStoreOptionsValidator>());
            services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<GraphOptions>>().Value.ToStoreOptions());
            services.TryAddSingleton<IBookingStore>(sp => new GraphBookingStore(
                sp.GetRequiredKeyedService<HttpClient>(GraphHttp.ServiceKey),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<GraphStoreOptions>()));
            // What only this store has, through Core's ports (so hosts name no store type): the mailboxes the app may not read,
            // and the dispatcher leases a graceful stop gives back. A store replaced by another kind (tests) has neither.
            services.TryAddSingleton(sp => sp.GetRequiredService<IBookingStore>() as IMailboxReachability ?? NoUnreachableMailboxes.Instance);
            services.TryAddSingleton(sp => sp.GetRequiredService<IBookingStore>() as IDispatcherLeases ?? NoDispatcherLeases.Instance);
            // What only Microsoft 365 has, through the same transport and Core's ports: staff free/busy (the staff calendar sync), sending
            // mail as a calendar's mailbox (Mail:Channel=Graph) and the tenant check. On the embedded store none is registered.
            services.TryAddSingleton<IScheduleReader>(sp => new GraphScheduleReader(sp.GetRequiredKeyedService<HttpClient>(GraphHttp.ServiceKey)));
            services.TryAddSingleton<IMailboxMail>(sp => new GraphMailboxMail(sp.GetRequiredKeyedService<HttpClient>(GraphHttp.ServiceKey)));
            services.TryAddTransient<ITenantCheck>(sp => new GraphCheck(sp.GetRequiredKeyedService<HttpClient>(GraphHttp.ServiceKey),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<GraphStoreOptions>()));
        }
        else
        {
            services.TryAddSingleton<IBookingStore>(sp =>
            {
                var o = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
                var store = new SqliteBookingStore(ResolveDataDirectory(o.DataDirectory), sp.GetRequiredService<TimeProvider>());
                sp.GetRequiredService<StoreStartup>().Arrange(store.MigrateAsync, seedsDemo: true);
                return store;
            });
            // The admin app's local accounts live beside the embedded store; on Microsoft 365 there are none (sign-in is Microsoft
            // Entra ID), so no IUserStore is registered and hosts ask for it with GetService.
            services.TryAddSingleton<IUserStore>(sp => new SqliteUserStore(
                ResolveDataDirectory(sp.GetRequiredService<IOptions<StoreOptions>>().Value.DataDirectory)));
        }
        services.AddStorePorts();
        services.TryAddSingleton<AvailabilityService>();
        services.TryAddSingleton<CalendarDirectory>();
        return services;
    }

    /// <summary>
    /// Each port of the store (<see cref="IMailboxStore"/>, <see cref="IAppointmentStore"/>…) as the registered <see cref="IBookingStore"/>
    /// itself, a singleton like it: consumers take the ports they use. Idempotent; hosts that register a store of their own (tests) call it too.
    /// </summary>
    public static IServiceCollection AddStorePorts(this IServiceCollection services)
    {
        services.TryAddSingleton<IMailboxStore>(sp => sp.GetRequiredService<IBookingStore>());
        services.TryAddSingleton<IAppointmentStore>(sp => sp.GetRequiredService<IBookingStore>());
        services.TryAddSingleton<ITimeOffStore>(sp => sp.GetRequiredService<IBookingStore>());
        services.TryAddSingleton<IStaffSyncStore>(sp => sp.GetRequiredService<IBookingStore>());
        services.TryAddSingleton<IOutboxStore>(sp => sp.GetRequiredService<IBookingStore>());
        services.TryAddSingleton<ISmsOptOutStore>(sp => sp.GetRequiredService<IBookingStore>());
        services.TryAddSingleton<IAuditStore>(sp => sp.GetRequiredService<IBookingStore>());
        return services;
    }

    public static string ResolveDataDirectory(string dataDirectory) => Path.GetFullPath(dataDirectory);

    /// <summary>Whether Store:Provider selects the Microsoft 365 store.</summary>
    public static bool IsMicrosoft365(IConfiguration configuration) => IsMicrosoft365(configuration[$"{StoreOptions.Section}:Provider"]);

    /// <summary>Whether a Store:Provider value selects the Microsoft 365 store: the one place the value is compared.</summary>
    public static bool IsMicrosoft365(string? provider) => string.Equals(provider, StoreOptions.Microsoft365Provider, StringComparison.Ordinal);

    /// <summary>Graph:BaseUrl (default: the global cloud's v1.0), with the trailing slash relative URIs need.</summary>
    public static Uri GraphBaseUrl(IConfiguration configuration)
    {
        var text = configuration[$"{GraphOptions.Section}:{nameof(GraphOptions.BaseUrl)}"] is { Length: > 0 } set ? set : GraphStoreInfo.DefaultBaseUrl;
        return new Uri(text.TrimEnd('/') + "/", UriKind.Absolute);
    }

    /// <summary>The registered store, ready to use: the embedded store's schema migrated (Microsoft 365 needs nothing).</summary>
    public static async Task<IBookingStore> OpenStoreAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var store = services.GetRequiredService<IBookingStore>();
        if (services.GetService<StoreStartup>() is { } startup) await startup.PrepareAsync(ct);
        return store;
    }

    /// <summary>Migrates the store and seeds the demo calendar when asked and the store is empty.</summary>
    public static async Task InitializeStoreAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var store = await OpenStoreAsync(services, ct);
        var seed = services.GetRequiredService<IOptions<SeedOptions>>().Value;
        // The demo is for the embedded store: never create a scheduling mailbox in a real tenant unasked.
        if (seed.Demo && services.GetService<StoreStartup>()?.SeedsDemo == true && (await store.ListMailboxesAsync(ct)).Count == 0)
        {
            await store.CreateMailboxAsync(DemoCalendar.Create(), ct);
            services.GetService<ILoggerFactory>()?.CreateLogger("Bookings.Seed").LogInformation("Seeded the demo calendar 'contoso'");
        }
    }
}

internal sealed class NoUnreachableMailboxes : IMailboxReachability
{
    public static readonly NoUnreachableMailboxes Instance = new();
    public IReadOnlyList<UnreachableMailbox> UnreachableMailboxes => [];
}

internal sealed class NoDispatcherLeases : IDispatcherLeases
{
    public static readonly NoDispatcherLeases Instance = new();
    public Task ReleaseDispatcherLeasesAsync(CancellationToken ct = default) => Task.CompletedTask;
}
