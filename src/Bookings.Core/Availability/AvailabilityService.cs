using System.Collections.Concurrent;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Sync;

namespace Bookings.Core.Availability;

/// <summary>What availability needs to know of one mailbox over a range: its booked appointments, its time off and the staff calendar sync states.</summary>
public sealed record AvailabilityInputs(IReadOnlyList<BusyAppointment> Appointments, IReadOnlyList<BusyInterval> Busy, IReadOnlyList<StaffSyncState>? StaffSync = null);

/// <summary>
/// Loads what the availability function needs for one calendar from the store and runs it.
/// Inputs are cached per mailbox and range and revalidated on every call with the store's change
/// stamp, which every booking, cancellation and time-off change moves (from any process), so a
/// booked slot is never offered from the cache.
/// </summary>
public sealed class AvailabilityService(IAppointmentStore store, TimeProvider time, StaffSyncPolicy? syncPolicy = null)
{
    private readonly StaffSyncPolicy _syncPolicy = syncPolicy ?? StaffSyncPolicy.Default;

    // Caps count a whole ISO week around any slot, fairness looks 28 days back, and buffers reach at most a day.
    public static readonly TimeSpan MarginBefore = TimeSpan.FromDays(29);
    public static readonly TimeSpan MarginAfter = TimeSpan.FromDays(8);
    private const int MaxCacheEntries = 256;

    private readonly ConcurrentDictionary<(string Mailbox, long From, long To), (string Stamp, AvailabilityInputs Inputs)> _cache = new();

    public async Task<List<Slot>> GetSlotsAsync(
        Mailbox mailbox, BookingService service, string? staffId, DateTimeOffset from, DateTimeOffset to,
        bool includeStaffIds, CancellationToken ct = default)
    {
        var inputs = await LoadAsync(mailbox.Id, from, to, ct);
        return Compute(mailbox.Document, service, staffId, from, to, includeStaffIds, inputs);
    }

    /// <summary>Appointments and time off around [from, to), with the margins caps and fairness need.</summary>
    public async Task<AvailabilityInputs> LoadAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        // Read the stamp first: a change that lands while the inputs load makes the next call reload.
        var stamp = await store.GetChangeStampAsync(mailboxId, ct);
        var key = (mailboxId, from.UtcTicks, to.UtcTicks);
        if (stamp is not null && _cache.TryGetValue(key, out var hit) && hit.Stamp == stamp) return hit.Inputs;

        var rangeFrom = from - MarginBefore;
        var rangeTo = to + MarginAfter;
        var reading = await store.ReadBusyAsync(mailboxId, rangeFrom, rangeTo, ct);
        var inputs = new AvailabilityInputs(reading.Appointments, reading.TimeOff.Select(t => new BusyInterval(t.StaffId, t.Start, t.End)).ToList(), reading.StaffSync);
        if (stamp is not null)
        {
            if (_cache.Count >= MaxCacheEntries) _cache.Clear();
            _cache[key] = (stamp, inputs);
        }
        return inputs;
    }

    public List<Slot> Compute(CalendarDocument calendar, BookingService service, string? staffId, DateTimeOffset from, DateTimeOffset to,
        bool includeStaffIds, AvailabilityInputs inputs)
    {
        var now = time.GetUtcNow();
        // Synced staff calendars are applied now, not when loaded: whether they are still fresh depends on the moment.
        var busy = inputs.StaffSync is { Count: > 0 } synced
            ? [.. inputs.Busy, .. _syncPolicy.BusyIntervals(StaffSyncPolicy.Applicable(synced, calendar), inputs.Appointments, now, from, to)]
            : inputs.Busy;
        return AvailabilityEngine.Compute(new AvailabilityQuery
        {
            Calendar = calendar,
            Service = service,
            Staff = AvailabilityEngine.EligibleStaff(calendar, service, staffId),
            From = from,
            To = to,
            Now = now,
            Appointments = inputs.Appointments,
            Busy = busy,
            IncludeStaffIds = includeStaffIds,
        });
    }
}
