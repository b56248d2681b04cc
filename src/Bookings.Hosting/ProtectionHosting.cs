using System.Security.Cryptography;
using Bookings.Core.Booking;
using Bookings.Core.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bookings.Hosting;

public static class ProtectionHosting
{
    /// <summary>The Data Protection application name: every host that shares the key ring must use it.</summary>
    public const string ApplicationName = "Bookings";

    /// <summary>The purpose of the manage token kept for an <c>Idempotency-Key</c> replay.</summary>
    public const string IdempotencyReplayPurpose = "Bookings.IdempotencyReplay.v1";

    /// <summary>
    /// ASP.NET Core Data Protection as the web app, the worker and the CLI share it: application name "Bookings" and the key ring in
    /// Store:DataDirectory/keys (so a worker running in its own process opens the links the web app or the CLI sealed, after
    /// restarts too), plus the protectors of the idempotency replay and of the links sealed in the outbox (<see cref="SealedLinks"/>:
    /// manage links and invitation links, each with a purpose of its own). Needs <see cref="StoreOptions"/>
    /// (<see cref="StoreHosting.AddBookingsStore"/>). Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddBookingsDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KeyManagementOptions>, KeyRingInDataDirectory>());
        services.TryAddSingleton<ITokenProtector>(sp => new DataProtectionText(sp.GetRequiredService<IDataProtectionProvider>, IdempotencyReplayPurpose));
        services.TryAddSingleton<IManageLinkProtector>(sp => new DataProtectionText(sp.GetRequiredService<IDataProtectionProvider>, ManageLinks.Purpose));
        services.TryAddSingleton<IInvitationLinkProtector>(sp => new DataProtectionText(sp.GetRequiredService<IDataProtectionProvider>, InvitationLinks.Purpose));
        return services;
    }

    /// <summary>The manage-link protector over <paramref name="provider"/> (what <see cref="AddBookingsDataProtection"/> registers).</summary>
    public static IManageLinkProtector ManageLinkProtector(IDataProtectionProvider provider) => new DataProtectionText(() => provider, ManageLinks.Purpose);

    /// <summary>The invitation-link protector over <paramref name="provider"/> (what <see cref="AddBookingsDataProtection"/> registers).</summary>
    public static IInvitationLinkProtector InvitationLinkProtector(IDataProtectionProvider provider) => new DataProtectionText(() => provider, InvitationLinks.Purpose);

    /// <summary>Keeps the Data Protection keys in {data}/keys (made with the first key).</summary>
    private sealed class KeyRingInDataDirectory(IOptions<StoreOptions> store) : IConfigureOptions<KeyManagementOptions>
    {
        public void Configure(KeyManagementOptions options)
        {
            var dir = Path.Combine(StoreHosting.ResolveDataDirectory(store.Value.DataDirectory), "keys");
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(dir), NullLoggerFactory.Instance);
        }
    }

    /// <summary>Text sealed for one purpose; what cannot be opened is null. The key ring is read (or made) at the first use.</summary>
    private sealed class DataProtectionText(Func<IDataProtectionProvider> provider, string purpose) : ITokenProtector, IManageLinkProtector, IInvitationLinkProtector
    {
        private readonly Lazy<IDataProtector> _protector = new(() => provider().CreateProtector(purpose));

        public string Protect(string text) => _protector.Value.Protect(text);

        public string? Unprotect(string protectedText)
        {
            try { return _protector.Value.Unprotect(protectedText); }
            catch (Exception e) when (e is CryptographicException or FormatException) { return null; }
        }
    }
}
