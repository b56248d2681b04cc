using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bookings.Store.Graph.Transport;

/// <summary>
/// Sets <c>Authorization: Bearer …</c> on every attempt with a cached token from the
/// <see cref="TokenCredential"/>. The token is renewed when the credential's RefreshOn has passed, or
/// <see cref="RefreshMargin"/> before it expires (by the injected <see cref="TimeProvider"/>), and
/// dropped when Graph answers 401. It sits inside the retry, so a retry after a long wait gets a fresh token.
/// </summary>
public sealed class BearerTokenHandler : DelegatingHandler
{
    /// <summary>How long before expiry a token is renewed.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly TokenCredential _credential;
    private readonly TokenRequestContext _context;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    // A reference, so readers never see a torn AccessToken (a struct) while it is replaced.
    private volatile StrongBox<AccessToken>? _token;

    public BearerTokenHandler(TokenCredential credential, string scope, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentNullException.ThrowIfNull(time);
        _credential = credential;
        _context = new TokenRequestContext([scope]);
        _time = time;
        _logger = logger ?? NullLogger.Instance;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            GraphTransportLog.TokenRejected(_logger);
            await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { if (_token?.Value.Token == token.Token) _token = null; }
            finally { _refresh.Release(); }
        }
        return response;
    }

    private async ValueTask<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && Fresh(cached.Value)) return cached.Value;
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } again && Fresh(again.Value)) return again.Value;
            var token = await _credential.GetTokenAsync(_context, cancellationToken).ConfigureAwait(false);
            _token = new StrongBox<AccessToken>(token);
            GraphTransportLog.TokenAcquired(_logger, _context.Scopes[0], token.ExpiresOn);
            return token;
        }
        finally { _refresh.Release(); }
    }

    private bool Fresh(AccessToken token)
    {
        var now = _time.GetUtcNow();
        var renewAt = token.RefreshOn ?? token.ExpiresOn - RefreshMargin;
        return now < renewAt && now < token.ExpiresOn;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _refresh.Dispose();
        base.Dispose(disposing);
    }
}
