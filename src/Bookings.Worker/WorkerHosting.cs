using Bookings.Hosting;
using Bookings.Worker.Mail;
using Bookings.Worker.Outbox;
using Bookings.Worker.Sms;
using Bookings.Worker.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bookings.Worker;

public static class WorkerHosting
{
    /// <summary>
    /// Registers the outbox (signal, processor, email channel: .eml files, Graph sendMail or SMTP, chosen by
    /// Mail:Channel; the Data Protection key ring that opens its manage links) and the staff calendar sync and, unless Workers:Enabled is false, the dispatcher and the
    /// sync service that run them in the background.
    /// </summary>
    public static IServiceCollection AddBookingsWorkers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WorkersOptions, AnnotatedOptionsValidator<WorkersOptions>>(configuration.GetSection(WorkersOptions.Section));
        // The store is chosen from this same setting (StoreHosting); Mail:Channel defaults to follow it.
        var storeProvider = configuration[$"{StoreOptions.Section}:{nameof(StoreOptions.Provider)}"];
        services.AddValidatedOptions(configuration.GetSection(MailOptions.Section), new MailOptionsValidator(storeProvider));
        // Mail:Smtp is checked only when Mail:Channel selects SMTP; its messages name the setting (and Mail:Channel).
        services.AddValidatedOptions(configuration.GetSection(SmtpOptions.Section), new SmtpOptionsValidator(() =>
            MailOptions.ResolveChannel(configuration[$"{MailOptions.Section}:{nameof(MailOptions.Channel)}"], storeProvider) == MailOptions.SmtpChannel));

        services.TryAddSingleton(TimeProvider.System);
        services.AddStorePorts();
        // The manage links in the outbox are sealed by the web app and opened here: one key ring, also for a worker of its own.
        services.AddSealedLinkOpener();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<Bookings.Core.Notifications.IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        services.TryAddSingleton<IEmailSender>(sp => EmailSender(sp, storeProvider));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxChannel, EmailOutboxChannel>());
        services.AddSms(configuration);
        services.TryAddSingleton<OutboxProcessor>();

        var runInBackground = configuration.GetValue(WorkersOptions.Section + ":" + nameof(WorkersOptions.Enabled), defaultValue: true);
        if (runInBackground) services.AddHostedService<OutboxDispatcher>();
        services.AddStaffSync(configuration, runInBackground);
        return services;
    }

    /// <summary>The sender Mail:Channel selects (reading the options validates them: a wrong Mail:Channel throws naming it).</summary>
    private static IEmailSender EmailSender(IServiceProvider sp, string? storeProvider)
    {
        var mail = sp.GetRequiredService<IOptions<MailOptions>>().Value;
        var channel = MailOptions.ResolveChannel(mail.Channel, storeProvider);
        if (channel == MailOptions.SmtpChannel)
        {
            _ = sp.GetRequiredService<IOptions<SmtpOptions>>().Value; // validates Mail:Smtp (throws naming the setting)
            return ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp);
        }
        if (channel != MailOptions.GraphChannel)
            return ActivatorUtilities.CreateInstance<PickupDirectoryEmailSender>(sp);
        // Sending as the mailbox (through the Graph transport: auth, retries, timeouts, per-mailbox cap) is registered by AddBookingsStore
        // for Store:Provider=Graph only.
        var asMailbox = sp.GetService<Bookings.Core.Store.IMailboxMail>()
            ?? throw new InvalidOperationException(
                "Mail:Channel=Graph needs the Microsoft 365 store's Graph client: register the store (AddBookingsStore, Store:Provider=Graph) before the workers.");
        return new GraphEmailSender(asMailbox);
    }
}
