using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bookings.Hosting;

/// <summary>
/// What the store Hosting created needs before it serves anything, said by Hosting when it creates the store (it knows the store's
/// type then, so nothing asks it later): the embedded store migrates its schema and may be seeded with the demo calendar; the Microsoft
/// 365 store needs nothing and is never seeded (no scheduling mailbox is created in a real tenant unasked). A store registered by someone
/// else (tests) is left as it is.
/// </summary>
public sealed class StoreStartup
{
    private Func<CancellationToken, Task>? _prepare;

    /// <summary>Whether the demo calendar may be created in this store when it is empty and Seed:Demo asks.</summary>
    public bool SeedsDemo { get; private set; }

    /// <summary>Said once, by the factory that creates the store.</summary>
    internal void Arrange(Func<CancellationToken, Task>? prepare, bool seedsDemo)
    {
        _prepare = prepare;
        SeedsDemo = seedsDemo;
    }

    /// <summary>Runs what the store needs (the embedded store's migrations); nothing for any other store.</summary>
    public Task PrepareAsync(CancellationToken ct) => _prepare?.Invoke(ct) ?? Task.CompletedTask;
}

/// <summary>Runs store migration and seeding before the host serves anything.</summary>
public sealed class StoreInitializer(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => StoreHosting.InitializeStoreAsync(services, cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
