using Bookings.Core.Sync;
using Bookings.Hosting;
using Bookings.Worker.Sync.Feeds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bookings.Worker.Sync;

public static class SyncHosting
{
    /// <summary>
    /// The staff calendar sync: settings "Sync" and "Sync:Feeds" validated at start, the feed source, the runner, the
    /// status reader and the availability policy; the background service only when <paramref name="runInBackground"/>.
    /// </summary>
    public static IServiceCollection AddStaffSync(this IServiceCollection services, IConfiguration configuration, bool runInBackground)
    {
        services.AddValidatedOptions<SyncOptions, AnnotatedOptionsValidator<SyncOptions>>(configuration.GetSection(SyncOptions.Section));
        services.AddValidatedOptions<FeedOptions, AnnotatedOptionsValidator<FeedOptions>>(configuration.GetSection(FeedOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IcsFeedSource>();
        services.TryAddSingleton(sp => new StaffSyncRunner(
            sp.GetRequiredService<Core.Store.IMailboxStore>(), sp.GetRequiredService<Core.Store.IStaffSyncStore>(),
            sp.GetRequiredService<IcsFeedSource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SyncOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<StaffSyncRunner>>(),
            sp.GetService<IScheduleReader>()));
        services.TryAddSingleton(sp => new SyncStatusReader(
            sp.GetRequiredService<Core.Store.IMailboxStore>(), sp.GetRequiredService<Core.Store.IStaffSyncStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SyncOptions>>(), sp.GetService<IScheduleReader>()));
        // Availability (registered by the store hosting) reads the staleness rule from here.
        services.TryAddSingleton<StaffSyncPolicy>(sp => sp.GetRequiredService<IOptions<SyncOptions>>().Value.Policy);
        if (runInBackground) services.AddHostedService<StaffSyncService>();
        return services;
    }
}
