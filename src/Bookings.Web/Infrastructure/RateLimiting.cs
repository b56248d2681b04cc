using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Bookings.Web.Infrastructure;

/// <summary>
/// ASP.NET Core rate limiting for the booking service: one global concurrency limiter (with a bounded queue) over every
/// request except /health and static files, answering 503 with Retry-After when it is full, and per-client one-minute
/// windows for bookings, manage actions and availability reads, answering 429 with Retry-After. A client is its remote
/// IP address (an IPv6 address counts as its /64); X-Forwarded-For is read only when RateLimits:TrustForwardedFor is on.
/// </summary>
public static partial class RateLimiting
{
    public const string ServerBusyCode = "server_busy";
    public const string TooManyRequestsCode = "too_many_requests";

    /// <summary>Binds and checks "RateLimits" (at start) and registers the limiters; <see cref="UseBookingsRateLimiting"/> applies them.</summary>
    public static IServiceCollection AddBookingsRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Bookings.Hosting.OptionsHosting.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(services, configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton(sp => new BookingsRateLimiters(
            sp.GetRequiredService<IOptions<RateLimitOptions>>().Value,
            sp.GetService<IWebHostEnvironment>()?.WebRootFileProvider));
        services.AddRateLimiter(static _ => { });
        services.AddBookingsPages(); // the overload page is a view in the site's layout
        services.AddOptions<RateLimiterOptions>().Configure<BookingsRateLimiters>(static (options, limiters) =>
        {
            // Off (RateLimits:Enabled=false): no global limiter and no endpoint policy, so the middleware passes everything through.
            if (limiters.Global is null) return;
            options.GlobalLimiter = limiters.Global;
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.OnRejected = (context, cancellationToken) =>
                new ValueTask(WriteRejectionAsync(context.HttpContext, context.Lease, limiters.Options, cancellationToken));
        });
        return services;
    }

    /// <summary>
    /// Adds the rate limiting middleware. Call it after UseStaticFiles (static files are then answered before it) and
    /// before the endpoints run; it classifies requests by method and path, so it needs no endpoint policies.
    /// </summary>
    public static WebApplication UseBookingsRateLimiting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Which per-client limit a request counts against.</summary>
    internal enum RequestKind
    {
        /// <summary>Not limited at all: /health and static files.</summary>
        Exempt,

        /// <summary>Only the global concurrency limit.</summary>
        Other,

        /// <summary>POST /api/v1/calendars/{slug}/appointments and POST /book/{slug}/{serviceId}.</summary>
        Booking,

        /// <summary>POSTs under /api/v1/manage/ and /manage/.</summary>
        ManageAction,

        /// <summary>GET /api/v1/calendars/{slug}/availability and GETs of the booking pages under /book/.</summary>
        Availability,
    }

    private static readonly object KindKey = new();

    internal static RequestKind Classify(HttpContext context, IFileProvider? webRoot)
    {
        if (context.Items.TryGetValue(KindKey, out var cached) && cached is RequestKind kind) return kind;
        kind = Classify(context.Request, webRoot);
        context.Items[KindKey] = kind;
        return kind;
    }

    internal static RequestKind Classify(HttpRequest request, IFileProvider? webRoot)
    {
        var path = request.Path.Value ?? "";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isGet = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var isPost = HttpMethods.IsPost(request.Method);
        if (parts.Length > 0 && Is(parts[0], "health")) return RequestKind.Exempt;
        if (isGet && parts.Length > 0 && parts[^1].Contains('.', StringComparison.Ordinal)
            && webRoot is not null && webRoot.GetFileInfo(path) is { Exists: true, IsDirectory: false })
            return RequestKind.Exempt;

        if (parts.Length >= 3 && Is(parts[0], "api") && Is(parts[1], "v1"))
        {
            if (parts.Length == 5 && Is(parts[2], "calendars"))
            {
                if (isPost && Is(parts[4], "appointments")) return RequestKind.Booking;
                if (isGet && Is(parts[4], "availability")) return RequestKind.Availability;
            }
            if (isPost && Is(parts[2], "manage")) return RequestKind.ManageAction;
            return RequestKind.Other;
        }
        if (parts.Length >= 1 && Is(parts[0], "book"))
        {
            if (isPost && parts.Length == 3) return RequestKind.Booking;
            if (isGet) return RequestKind.Availability;
        }
        if (parts.Length >= 1 && Is(parts[0], "manage") && isPost) return RequestKind.ManageAction;
        // Sign-in attempts share the manage-action window: a password guesser is slowed per client as well as locked out per account.
        if (isPost && parts.Length == 2 && Is(parts[0], "admin") && Is(parts[1], "signin")) return RequestKind.ManageAction;
        return RequestKind.Other;

        static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The client a request's per-client limits count against: the remote IP, or with <paramref name="trustForwardedFor"/> the
    /// first X-Forwarded-For address (when it is one); an IPv6 address stands for its /64, an IPv4-mapped one for its IPv4.
    /// </summary>
    internal static string ClientKey(HttpContext context, bool trustForwardedFor)
    {
        IPAddress? address = null;
        if (trustForwardedFor) address = FirstForwardedFor(context.Request.Headers["X-Forwarded-For"]);
        return ClientKey(address ?? context.Connection.RemoteIpAddress);
    }

    internal static string ClientKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    internal static IPAddress? FirstForwardedFor(StringValues values)
    {
        var first = values.Count > 0 ? values[0] : null;
        if (string.IsNullOrWhiteSpace(first)) return null;
        var comma = first.IndexOf(',', StringComparison.Ordinal);
        var candidate = (comma < 0 ? first : first[..comma]).Trim();
        if (IPAddress.TryParse(candidate, out var address)) return address;
        return IPEndPoint.TryParse(candidate, out var endPoint) ? endPoint.Address : null;
    }
}

/// <summary>The limiters built from "RateLimits" (none when it is off); disposed with the application's services.</summary>
internal sealed class BookingsRateLimiters : IDisposable
{
    public BookingsRateLimiters(RateLimitOptions options, IFileProvider? webRoot)
    {
        Options = options;
        if (!options.Enabled) return;

        var concurrency = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimiting.Classify(context, webRoot) == RateLimiting.RequestKind.Exempt
                ? RateLimitPartition.GetNoLimiter("exempt")
                : RateLimitPartition.GetConcurrencyLimiter("global", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.MaxConcurrentRequests,
                    QueueLimit = options.QueueLength,
                    // A full queue refuses newcomers; those already waiting keep their place.
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));

        var perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var kind = RateLimiting.Classify(context, webRoot);
            var limit = kind switch
            {
                RateLimiting.RequestKind.Booking => options.BookingsPerMinute,
                RateLimiting.RequestKind.ManageAction => options.ManageActionsPerMinute,
                RateLimiting.RequestKind.Availability => options.AvailabilityPerMinute,
                _ => 0,
            };
            if (limit == 0) return RateLimitPartition.GetNoLimiter("none");
            var key = string.Concat(kind.ToString(), "|", RateLimiting.ClientKey(context, options.TrustForwardedFor));
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

        Global = new ClientThenGlobalLimiter(perClient, concurrency);
    }

    public RateLimitOptions Options { get; }

    /// <summary>The limiter over every request; null when rate limiting is off.</summary>
    public PartitionedRateLimiter<HttpContext>? Global { get; }

    public void Dispose() => Global?.Dispose();
}

/// <summary>
/// The client's own window first, then the global concurrency limiter: a client over its limit is refused at once
/// without taking a place in the global queue. The rate limiting middleware tries AttemptAcquire and, when refused,
/// AcquireAsync for the same request; the client's lease is therefore taken once per request (kept in HttpContext.Items)
/// so that a request the global limiter refuses or queues does not spend two of the client's permits. The limiter that
/// refused is noted in the request's items for the rejection answer (503 or 429).
/// </summary>
internal sealed class ClientThenGlobalLimiter(PartitionedRateLimiter<HttpContext> perClient, PartitionedRateLimiter<HttpContext> global)
    : PartitionedRateLimiter<HttpContext>
{
    private static readonly object ClientLeaseKey = new();
    internal static readonly object RefusedByClientLimitKey = new();

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => global.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        var client = ClientLease(resource, permitCount);
        if (!client.IsAcquired) return client;
        var lease = global.AttemptAcquire(resource, permitCount);
        return lease.IsAcquired ? new BothLease(client, lease) : Refused(resource, lease, byClient: false);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        var client = ClientLease(resource, permitCount);
        if (!client.IsAcquired) return client;
        var lease = await global.AcquireAsync(resource, permitCount, cancellationToken);
        return lease.IsAcquired ? new BothLease(client, lease) : Refused(resource, lease, byClient: false);
    }

    private static RateLimitLease Refused(HttpContext context, RateLimitLease lease, bool byClient)
    {
        context.Items[RefusedByClientLimitKey] = byClient;
        return lease;
    }

    private RateLimitLease ClientLease(HttpContext context, int permitCount)
    {
        if (context.Items.TryGetValue(ClientLeaseKey, out var cached) && cached is RateLimitLease lease) return lease;
        lease = perClient.AttemptAcquire(context, permitCount);
        context.Items[ClientLeaseKey] = lease;
        return lease.IsAcquired ? lease : Refused(context, lease, byClient: true);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            perClient.Dispose();
            global.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class BothLease(RateLimitLease client, RateLimitLease global) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => client.MetadataNames.Concat(global.MetadataNames).Distinct();

        public override bool TryGetMetadata(string metadataName, out object? metadata) =>
            global.TryGetMetadata(metadataName, out metadata) || client.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                global.Dispose();
                client.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// Settings under "RateLimits": a global concurrency limit (503 when it and its queue are full) and per-client limits per
/// minute (429) on booking, manage actions and availability. Checked at start when enabled; each problem names its setting.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Whether any limit applies (false turns every limit off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests handled at once over the whole service (all but /health and static files).</summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>Requests that may wait for a free place when <see cref="MaxConcurrentRequests"/> are running; beyond it: 503.</summary>
    public int QueueLength { get; set; } = 128;

    /// <summary>The Retry-After (seconds) of a 503 when the service is busy.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>Bookings per client per minute: POST /api/v1/calendars/{slug}/appointments and POST /book/{slug}/{serviceId} together.</summary>
    public int BookingsPerMinute { get; set; } = 10;

    /// <summary>Manage actions (cancel, reschedule) per client per minute: POSTs under /api/v1/manage/ and /manage/.</summary>
    public int ManageActionsPerMinute { get; set; } = 20;

    /// <summary>Availability reads per client per minute: GET /api/v1/calendars/{slug}/availability and the booking pages' GETs under /book/.</summary>
    public int AvailabilityPerMinute { get; set; } = 120;

    /// <summary>Whether the client is the first X-Forwarded-For address (only behind a proxy that sets it) instead of the connection's address.</summary>
    public bool TrustForwardedFor { get; set; }

    public const int MaxConcurrentRequestsLimit = 100_000;
    public const int MaxQueueLength = 1_000_000;
    public const int MaxRetryAfterSeconds = 3600;
    public const int MaxPerMinute = 1_000_000;

    /// <summary>Every problem with these settings, each naming its setting; empty when they can be used (or rate limiting is off).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enabled) return problems;
        Range(problems, nameof(MaxConcurrentRequests), MaxConcurrentRequests, 1, MaxConcurrentRequestsLimit);
        Range(problems, nameof(QueueLength), QueueLength, 0, MaxQueueLength);
        Range(problems, nameof(RetryAfterSeconds), RetryAfterSeconds, 1, MaxRetryAfterSeconds);
        Range(problems, nameof(BookingsPerMinute), BookingsPerMinute, 1, MaxPerMinute);
        Range(problems, nameof(ManageActionsPerMinute), ManageActionsPerMinute, 1, MaxPerMinute);
        Range(problems, nameof(AvailabilityPerMinute), AvailabilityPerMinute, 1, MaxPerMinute);
        return problems;

        static void Range(List<string> problems, string name, int value, int min, int max)
        {
            if (value < min || value > max)
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{name} must be between {min} and {max} (it is {value})."));
        }
    }
}

/// <summary>Checks "RateLimits" at start (when enabled); each failure names its setting.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
