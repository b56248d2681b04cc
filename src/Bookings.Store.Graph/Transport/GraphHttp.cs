using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bookings.Store.Graph.Transport;

/// <summary>
/// Builds the HttpClient the Microsoft 365 store talks to Graph with. Its BaseAddress is Graph:BaseUrl
/// with a trailing slash (the store sends relative URIs <c>users/{mailbox}/…</c>, <c>solutions/…</c>),
/// and its handlers are, outermost first:
/// <see cref="MailboxConcurrencyHandler"/> → <see cref="ResilienceHandler"/> (the only retry layer,
/// with the per-attempt timeout) → <see cref="BearerTokenHandler"/> → <see cref="SocketsHttpHandler"/>.
/// HttpClient.Timeout is infinite: Graph:Timeout bounds every attempt and Graph:MaxRetries their number.
/// </summary>
public static class GraphHttp
{
    /// <summary>The service key of the Graph HttpClient registered by <see cref="AddGraphTransport"/>.</summary>
    public const string ServiceKey = "Bookings.Graph";

    /// <summary>
    /// The transport's HttpClient. <paramref name="options"/> are validated first (an
    /// <see cref="OptionsValidationException"/> names every wrong setting). <paramref name="primaryHandler"/>
    /// replaces the network handler (tests); by default a <see cref="SocketsHttpHandler"/> that renews its
    /// connections every few minutes so DNS changes are followed.
    /// </summary>
    public static HttpClient CreateClient(GraphOptions options, TokenCredential credential, TimeProvider time,
        ILoggerFactory? loggerFactory = null, HttpMessageHandler? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(time);
        var failures = GraphOptionsValidator.Check(options);
        if (failures.Count > 0) throw new OptionsValidationException(GraphOptions.Section, typeof(GraphOptions), failures);

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(GraphTransportLog.Category);
        var baseAddress = options.BaseAddress;
        var primary = primaryHandler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            AllowAutoRedirect = false,
        };
        var bearer = new BearerTokenHandler(credential, GraphCredentials.Scope(baseAddress), time, logger) { InnerHandler = primary };
        var resilience = new ResilienceHandler(options, time, logger) { InnerHandler = bearer };
        var concurrency = new MailboxConcurrencyHandler(options.MaxConcurrencyPerMailbox, baseAddress, logger) { InnerHandler = resilience };
        return new HttpClient(concurrency, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Binds and validates <see cref="GraphOptions"/> from the "Graph" section (validated at start, so a
    /// wrong setting fails the start with its name), and registers the credential
    /// (<see cref="GraphCredentials.Create"/>, unless a <see cref="TokenCredential"/> is registered already)
    /// and the Graph HttpClient as a keyed singleton under <see cref="ServiceKey"/>:
    /// <c>sp.GetRequiredKeyedService&lt;HttpClient&gt;(GraphHttp.ServiceKey)</c>.
    /// Uses the registered <see cref="TimeProvider"/> (else the system one) and <see cref="ILoggerFactory"/>.
    /// </summary>
    public static IServiceCollection AddGraphTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(GraphOptions.Section);
        services.AddOptions<GraphOptions>()
            .Configure(o => GraphOptions.Bind(section, o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(sp => GraphCredentials.Create(sp.GetRequiredService<IOptions<GraphOptions>>().Value));
        services.TryAddKeyedSingleton<HttpClient>(ServiceKey, (sp, _) => CreateClient(
            sp.GetRequiredService<IOptions<GraphOptions>>().Value,
            sp.GetRequiredService<TokenCredential>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return services;
    }
}
