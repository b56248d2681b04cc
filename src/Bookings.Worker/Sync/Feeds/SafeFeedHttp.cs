using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Bookings.Worker.Sync.Feeds;

/// <summary>What one attempt at a feed answered: the final status (after redirects), its Retry-After, and the body on success.</summary>
internal sealed record FeedResponse(HttpStatusCode Status, RetryConditionHeaderValue? RetryAfter, string? Body);

/// <summary>
/// The SSRF-safe HTTP client for ICS feeds:
/// <list type="bullet">
/// <item>http and https only (<c>webcal://</c> is read as https, <see cref="NormalizeUrl"/>); an https feed may not redirect to http;
/// no user name or password in the address (<see cref="FeedAddresses.Problem"/>, the same rules as at save time).</item>
/// <item>The connection is made by our own <see cref="SocketsHttpHandler.ConnectCallback"/>: it resolves the host and
/// refuses the connection if any address is forbidden (<see cref="FeedAddresses"/>), then connects only to the
/// addresses it checked, so a DNS answer that changes between a check and the connect (rebinding) does not help.
/// No proxy, so the check is on the feed server itself.</item>
/// <item>Redirects are followed here, not by the handler, up to Sync:Feeds:MaxRedirects, each target checked again.</item>
/// <item>The body is read (decompressed) up to Sync:Feeds:MaxBytes; a longer one is abandoned, not buffered.</item>
/// </list>
/// The per-attempt timeout comes from the caller's token (the Polly pipeline of <see cref="IcsFeedSource"/>).
/// </summary>
internal sealed class SafeFeedHttp : IDisposable
{
    internal const string UserAgent = "Bookings-CalendarSync/1.0";

    private readonly FeedOptions _options;
    private readonly Func<IPAddress, int, bool>? _treatAsPublic;
    private readonly HttpClient _client;

    /// <param name="treatAsPublic">Test seam: an address and port that count as public although they are not.</param>
    public SafeFeedHttp(FeedOptions options, Func<IPAddress, int, bool>? treatAsPublic = null)
    {
        _options = options;
        _treatAsPublic = treatAsPublic;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/calendar");
        _client.DefaultRequestHeaders.Accept.ParseAdd("*/*;q=0.5");
    }

    /// <summary>The feed URL as an absolute http(s) URI (webcal → https), or the failure detail.</summary>
    public static (Uri? Uri, string? Failure) NormalizeUrl(string? feedUrl) => FeedAddresses.Normalize(feedUrl);

    /// <summary>The refusal detail for a target before any connection: its scheme, credentials in it, or a forbidden IP literal as host.</summary>
    public string? CheckTarget(Uri uri) => FeedAddresses.TargetProblem(uri, address => IsAllowed(address, uri.Port));

    internal bool IsAllowed(IPAddress address, int port) =>
        _options.AllowPrivateAddresses || !FeedAddresses.IsPrivateOrSpecial(address) || (_treatAsPublic?.Invoke(address, port) ?? false);

    /// <summary>One attempt: GET with redirects followed and checked, the body read within the cap.</summary>
    public async Task<FeedResponse> FetchAsync(Uri uri, CancellationToken ct)
    {
        var current = uri;
        for (var redirects = 0; ; redirects++)
        {
            if (CheckTarget(current) is { } refused) throw new FeedRefusedException(refused);
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                if (redirects >= _options.MaxRedirects) throw new FeedRefusedException(FeedFailures.TooManyRedirects);
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (current.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp) throw new FeedRefusedException(FeedFailures.SchemeNotAllowed);
                current = next;
                continue;
            }
            if (!response.IsSuccessStatusCode) return new FeedResponse(response.StatusCode, response.Headers.RetryAfter, null);
            var body = await ReadCappedAsync(response.Content, _options.MaxBytes, ct).ConfigureAwait(false);
            return new FeedResponse(response.StatusCode, null, body);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The body as text, refused as soon as it passes <paramref name="maxBytes"/> (declared or actually read).</summary>
    internal static async Task<string> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken ct)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes) throw new FeedRefusedException(FeedFailures.TooLarge);
        using var buffer = new MemoryStream();
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw new FeedRefusedException(FeedFailures.TooLarge);
                buffer.Write(chunk, 0, read);
            }
        }
        buffer.Position = 0;
        using var reader = new StreamReader(buffer, EncodingOf(content), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    private static Encoding EncodingOf(HttpContent content)
    {
        var charset = content.Headers.ContentType?.CharSet?.Trim('"', ' ');
        if (string.IsNullOrEmpty(charset)) return new UTF8Encoding(false);
        try { return Encoding.GetEncoding(charset); }
        catch (ArgumentException) { return new UTF8Encoding(false); }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0) throw new HttpRequestException("The feed host has no address.");
        // Refuse the host if any of its addresses is forbidden: connecting only to the allowed ones of a mixed
        // answer would still let a rebinding name pick its target.
        if (addresses.Any(a => !IsAllowed(a, port))) throw new FeedRefusedException(FeedFailures.AddressNotAllowed);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();
}
