using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bookings.Store.Graph.Transport;

/// <summary>
/// At most Graph:MaxConcurrencyPerMailbox requests in flight per mailbox, the mailbox being the
/// <c>users/{mailbox}/</c> segment of the path (unescaped, case-insensitive). Requests without a mailbox
/// (<c>solutions/…</c>, <c>$batch</c>) are not limited here.
/// <para>
/// It sits outside the retry: a request holds its slot for all its attempts, including a Retry-After
/// wait. That is simpler than giving the slot back between attempts and still keeps within Graph's limit
/// of 4 concurrent requests per mailbox; a throttled mailbox then slows down its own callers only, which
/// is what Graph asks for. The limit is per process: several instances each keep their own (Graph's 429
/// and the retry cover the rest).
/// </para>
/// </summary>
public sealed class MailboxConcurrencyHandler : DelegatingHandler
{
    // One semaphore per mailbox the process has talked to: the number of calendars and staff mailboxes,
    // small and bounded by the tenant, so they are kept rather than reference-counted.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.Ordinal);
    private readonly int _limit;
    private readonly string _basePath;
    private readonly ILogger _logger;

    public MailboxConcurrencyHandler(int maxConcurrencyPerMailbox, Uri baseAddress, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrencyPerMailbox, 1);
        ArgumentNullException.ThrowIfNull(baseAddress);
        _limit = maxConcurrencyPerMailbox;
        _basePath = baseAddress.AbsolutePath;
        _logger = logger ?? NullLogger.Instance;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var mailbox = GraphMailbox.Of(request.RequestUri, _basePath);
        if (mailbox is null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var slots = _slots.GetOrAdd(mailbox, static (_, limit) => new SemaphoreSlim(limit, limit), _limit);
        if (!slots.Wait(0))
        {
            if (_logger.IsEnabled(LogLevel.Debug))
                GraphTransportLog.WaitingForSlot(_logger, request.Method.Method, GraphTransportLog.MailboxHash(mailbox), _limit);
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            // Read the body while the slot is held: Graph counts a request until its answer is sent.
            try { await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false); }
            catch
            {
                response.Dispose();
                throw;
            }
            return response;
        }
        finally
        {
            slots.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var slots in _slots.Values) slots.Dispose();
            _slots.Clear();
        }
        base.Dispose(disposing);
    }
}
