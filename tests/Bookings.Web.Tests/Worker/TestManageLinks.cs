using System.Xml.Linq;
using Bookings.Core.Notifications;
using Bookings.Hosting;
using Bookings.Worker.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bookings.Web.Tests.Worker;

/// <summary>Manage and invitation links sealed and opened as the hosts do, with key rings of the test's own (in memory).</summary>
internal static class TestManageLinks
{
    /// <summary>A protector with a key ring of its own: another one cannot open what it sealed.</summary>
    public static IManageLinkProtector Protector() => ProtectionHosting.ManageLinkProtector(new EphemeralDataProtectionProvider());

    /// <inheritdoc cref="Protector"/>
    public static IInvitationLinkProtector InvitationProtector() => ProtectionHosting.InvitationLinkProtector(new EphemeralDataProtectionProvider());

    public static SealedLinkOpener Opener(IManageLinkProtector? links = null, ILogger<SealedLinkOpener>? logger = null,
        IInvitationLinkProtector? invitations = null) =>
        new(links ?? Protector(), invitations ?? InvitationProtector(), logger ?? NullLogger<SealedLinkOpener>.Instance);
}

internal static class KeyRingInMemory
{
    /// <summary>A host of a test keeps its Data Protection keys in memory, not in a data directory it has none of.</summary>
    public static IServiceCollection AddKeyRingInMemory(this IServiceCollection services) =>
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new Repository());

    private sealed class Repository : IXmlRepository
    {
        private readonly List<XElement> _elements = [];

        public IReadOnlyCollection<XElement> GetAllElements()
        {
            lock (_elements) return [.. _elements];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            lock (_elements) _elements.Add(element);
        }
    }
}
