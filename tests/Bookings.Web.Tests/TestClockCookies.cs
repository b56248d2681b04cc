using Microsoft.Net.Http.Headers;

namespace Bookings.Web.Tests;

/// <summary>
/// A browser's cookie jar that expires cookies on the test's clock. The app writes Expires and Max-Age from its TimeProvider
/// (a FakeTimeProvider in tests), while <see cref="System.Net.CookieContainer"/> (WebApplicationFactory's HandleCookies) drops them
/// by the machine's real clock: once the real date passed the fake one, every cookie with an expiry (OpenID Connect's correlation
/// and nonce cookies) was already expired when it was set, and sign-in failed. Here the app and its browser share one clock.
/// Host-only cookies of one site, as the test server serves one: name and path make a cookie, Path and Secure are honoured.
/// </summary>
public sealed class TestClockCookies(TimeProvider time) : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<Stored> _cookies = [];

    private sealed record Stored(string Name, string Value, string Path, bool Secure, DateTimeOffset? Expires);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri!;
        var header = CookieHeaderFor(uri);
        if (header.Length > 0) request.Headers.Add(HeaderNames.Cookie, header);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues(HeaderNames.SetCookie, out var values)
            && SetCookieHeaderValue.TryParseList([.. values], out var cookies))
        {
            foreach (var cookie in cookies) Keep(uri, cookie);
        }
        return response;
    }

    private string CookieHeaderFor(Uri uri)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _cookies.RemoveAll(c => c.Expires <= now);
            return string.Join("; ", _cookies
                .Where(c => PathMatches(uri.AbsolutePath, c.Path) && (!c.Secure || uri.Scheme == Uri.UriSchemeHttps))
                .OrderByDescending(c => c.Path.Length)
                .Select(c => $"{c.Name}={c.Value}"));
        }
    }

    private void Keep(Uri uri, SetCookieHeaderValue cookie)
    {
        var now = time.GetUtcNow();
        // Max-Age wins over Expires (RFC 6265 §5.3 step 3); an expiry now or earlier deletes the cookie.
        DateTimeOffset? expires = cookie.MaxAge is { } maxAge ? now + maxAge : cookie.Expires;
        var path = cookie.Path.HasValue && cookie.Path.Value!.StartsWith('/') ? cookie.Path.Value : DefaultPath(uri.AbsolutePath);
        var name = cookie.Name.Value!;
        lock (_gate)
        {
            _cookies.RemoveAll(c => c.Name == name && c.Path == path);
            if (expires is null || expires > now) _cookies.Add(new Stored(name, cookie.Value.Value ?? "", path, cookie.Secure, expires));
        }
    }

    // RFC 6265 §5.1.4: the request path up to its last "/", or "/".
    private static string DefaultPath(string requestPath)
    {
        var last = requestPath.LastIndexOf('/');
        return last <= 0 ? "/" : requestPath[..last];
    }

    private static bool PathMatches(string requestPath, string cookiePath) =>
        requestPath == cookiePath
        || (requestPath.StartsWith(cookiePath, StringComparison.Ordinal)
            && (cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/'));
}
