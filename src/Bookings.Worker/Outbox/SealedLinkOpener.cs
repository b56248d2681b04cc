using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bookings.Worker.Outbox;

/// <summary>
/// Opens the sealed links of a message (<see cref="SealedLinks"/>: manage links, invitation links) just before a channel hands it
/// over: the outbox keeps only sealed placeholders, so the link exists in the message as it leaves and nowhere else. A placeholder
/// that cannot be opened (the Data Protection key ring of Store:DataDirectory/keys was lost, or this process does not share it with
/// the web app) leaves as words asking the recipient to contact the business or the calendar's administrator, and is logged by
/// message id and kind only.
/// </summary>
public sealed partial class SealedLinkOpener(IManageLinkProtector manageLinks, IInvitationLinkProtector invitationLinks, ILogger<SealedLinkOpener> logger)
{
    private readonly (SealedLinkKind Kind, ILinkProtector Protector)[] _kinds = [(ManageLinks.Kind, manageLinks), (InvitationLinks.Kind, invitationLinks)];

    public EmailMessage ForSending(OutboxMessage message, EmailMessage email) =>
        Open(message, email, (e, kind, protector) => (SealedLinks.ForSending(e, kind, protector, out var lost), lost));

    public SmsMessage ForSending(OutboxMessage message, SmsMessage sms) =>
        Open(message, sms, (s, kind, protector) => (SealedLinks.ForSending(s, kind, protector, out var lost), lost));

    private T Open<T>(OutboxMessage message, T content, Func<T, SealedLinkKind, ILinkProtector, (T Ready, int Lost)> open)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var (kind, protector) in _kinds)
        {
            (content, var lost) = open(content, kind, protector);
            if (lost > 0) LogUnavailable(logger, message.Id, message.Kind, lost, kind.Name, kind.Recipient, kind.Contact);
        }
        return content;
    }

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning,
        Message = "Outbox message {MessageId} ({Kind}): {Count} {LinkKind} link(s) could not be opened (is the Data Protection key ring in Store:DataDirectory/keys shared with the web app?); sent asking the {Recipient} to contact {Contact} instead")]
    private static partial void LogUnavailable(ILogger logger, string messageId, string kind, int count, string linkKind, string recipient, string contact);
}

internal static class SealedLinkOpenerHosting
{
    /// <summary>The opener and the key ring it opens with (<see cref="ProtectionHosting.AddBookingsDataProtection"/>), for every channel.</summary>
    public static IServiceCollection AddSealedLinkOpener(this IServiceCollection services)
    {
        services.AddBookingsDataProtection();
        services.TryAddSingleton<SealedLinkOpener>();
        return services;
    }
}
