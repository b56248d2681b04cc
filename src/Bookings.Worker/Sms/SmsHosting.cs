using Bookings.Hosting;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bookings.Worker.Sms;

public static class SmsHosting
{
    /// <summary>
    /// SMS: settings "Sms" (checked at start only when Sms:AccountSid is set), the Twilio sender and the outbox channel
    /// "sms". Without Sms:AccountSid the channel is still registered: SMS messages wait, their error saying why.
    /// </summary>
    public static IServiceCollection AddSms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<SmsOptions, SmsOptionsValidator>(configuration.GetSection(SmsOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorePorts();
        services.TryAddSingleton<ISmsSender, TwilioSmsSender>();
        services.AddSealedLinkOpener();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxChannel, SmsOutboxChannel>());
        return services;
    }
}
