using System.Collections.Concurrent;

namespace Bookings.Web.Api;

/// <summary>
/// Serialized availability answers, keyed by everything they depend on (document version, the
/// mailbox's change stamp, the query and the lead-time bounds), so a booking or cancellation makes
/// the next query miss and a booked slot is never offered. Bounded by total size.
/// </summary>
public sealed class AvailabilityResponseCache
{
    private const long MaxBytes = 64L * 1024 * 1024;
    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private long _bytes;

    public bool TryGet(string key, out byte[] value) => _entries.TryGetValue(key, out value!);

    public void Set(string key, byte[] value)
    {
        if (Interlocked.Add(ref _bytes, value.Length) > MaxBytes)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _bytes, value.Length);
        }
        _entries[key] = value;
    }
}
