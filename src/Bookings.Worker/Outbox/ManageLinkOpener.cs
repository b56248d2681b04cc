using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bookings.Worker.Outbox;

/// <summary>
/// Opens the manage links of a message just before a channel hands it over (<see cref="ManageLinks"/>): the outbox keeps only
/// sealed placeholders, so the link exists in the message as it leaves and nowhere else. A placeholder that cannot be opened
/// (the Data Protection key ring of Store:DataDirectory/keys was lost, or this process does not share it with the web app)
/// leaves as words asking the customer to contact the business, and is logged by message id and kind only.
/// </summary>
public sealed partial class ManageLinkOpener(IManageLinkProtector protector, ILogger<ManageLinkOpener> logger)
{
    public EmailMessage ForSending(OutboxMessage message, EmailMessage email)
    {
        ArgumentNullException.ThrowIfNull(message);
        var ready = ManageLinks.ForSending(email, protector, out var unavailable);
        if (unavailable > 0) LogUnavailable(logger, message.Id, message.Kind, unavailable);
        return ready;
    }

    public SmsMessage ForSending(OutboxMessage message, SmsMessage sms)
    {
        ArgumentNullException.ThrowIfNull(message);
        var ready = ManageLinks.ForSending(sms, protector, out var unavailable);
        if (unavailable > 0) LogUnavailable(logger, message.Id, message.Kind, unavailable);
        return ready;
    }

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning,
        Message = "Outbox message {MessageId} ({Kind}): {Count} manage link(s) could not be opened (is the Data Protection key ring in Store:DataDirectory/keys shared with the web app?); sent asking the customer to contact the business instead")]
    private static partial void LogUnavailable(ILogger logger, string messageId, string kind, int count);
}

internal static class ManageLinkOpenerHosting
{
    /// <summary>The opener and the key ring it opens with (<see cref="ProtectionHosting.AddBookingsDataProtection"/>), for every channel.</summary>
    public static IServiceCollection AddManageLinkOpener(this IServiceCollection services)
    {
        services.AddBookingsDataProtection();
        services.TryAddSingleton<ManageLinkOpener>();
        return services;
    }
}
