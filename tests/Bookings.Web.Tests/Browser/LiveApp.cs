using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Browser;

/// <summary>The real app on real Kestrel on a random loopback port, with its own data directory and a fixed clock.</summary>
public sealed class LiveApp : IDisposable
{
    /// <summary>Tuesday 2026-12-01 08:00 in Warsaw: the month ahead is open, so the day grid has free days to pick.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero);

    public LiveApp()
    {
        Factory.Time.SetUtcNow(Now);
        Factory.UseKestrel(0);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());
    }

    public BookingsFactory Factory { get; } = new();

    public Uri BaseAddress { get; }

    public void Dispose() => Factory.Dispose();
}
