using Bookings.Worker.Mail;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bookings.Worker;

public static class WorkerHosting
{
    /// <summary>
    /// Registers the outbox (signal, processor, email channel writing .eml files) and, unless
    /// Workers:Enabled is false, the dispatcher that runs it in the background.
    /// </summary>
    public static IServiceCollection AddBookingsWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkersOptions>().Bind(configuration.GetSection(WorkersOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section))
            .Validate(o => MailOptions.IsSenderAddress(o.From), "Mail:From must be a plain email address such as bookings@example.com.")
            .Validate(o => o.PickupDirectory.IndexOfAny(Path.GetInvalidPathChars()) < 0, "Mail:PickupDirectory is not a valid path.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<Bookings.Core.Notifications.IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        services.TryAddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxChannel, EmailOutboxChannel>());
        services.TryAddSingleton<OutboxProcessor>();

        if (configuration.GetValue(WorkersOptions.Section + ":" + nameof(WorkersOptions.Enabled), defaultValue: true))
            services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
