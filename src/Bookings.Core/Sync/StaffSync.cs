using Bookings.Core.Availability;
using Bookings.Core.Store;

namespace Bookings.Core.Sync;

/// <summary>Where a staff member's own calendar is read from.</summary>
public enum SyncSource
{
    /// <summary>Microsoft Graph getSchedule, through the calendar's scheduling mailbox (Microsoft 365 store).</summary>
    Graph,

    /// <summary>A published calendar (ICS feed URL) of the staff member, on either store.</summary>
    IcsFeed,
}

/// <summary>
/// The sync state of one staff member of one calendar, kept in the store so that every process (the web
/// server, a separate worker, the CLI) sees the same: the busy blocks of the last successful read and how the
/// last attempts went.
/// </summary>
public sealed record StaffSyncState(
    string StaffId,
    SyncSource Source,
    DateTimeOffset LastAttemptAt,
    DateTimeOffset? LastSuccessAt,
    int ConsecutiveFailures,
    SyncFailure? Failure,
    IReadOnlyList<BusyBlock> Busy)
{
    /// <summary>The state after one more attempt: a success replaces the blocks, a failure keeps the last good ones.</summary>
    public static StaffSyncState After(StaffSyncState? previous, string staffId, SyncSource source, DateTimeOffset now, FreeBusyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // A source change (a feed URL added or removed) starts afresh: the old blocks came from elsewhere.
        if (previous is not null && previous.Source != source) previous = null;
        return result.Failure is null
            ? new StaffSyncState(staffId, source, now, now, 0, null, result.Busy ?? [])
            : new StaffSyncState(staffId, source, now, previous?.LastSuccessAt, (previous?.ConsecutiveFailures ?? 0) + 1, result.Failure, previous?.Busy ?? []);
    }
}

/// <summary>How availability treats synced free/busy (settings <c>Sync:StalenessLimit</c> and <c>Sync:WhenStale</c>).</summary>
public sealed record StaffSyncPolicy(TimeSpan StalenessLimit, bool StaleMeansUnavailable)
{
    public static readonly StaffSyncPolicy Default = new(TimeSpan.FromHours(2), StaleMeansUnavailable: false);

    /// <summary>Whether the last good free/busy of <paramref name="state"/> is still used at <paramref name="now"/>.</summary>
    public bool IsFresh(StaffSyncState state, DateTimeOffset now) =>
        state.LastSuccessAt is { } success && now - success <= StalenessLimit;

    /// <summary>
    /// The busy intervals synced calendars add to availability over [from, to): each staff member's blocks while they
    /// are fresh, minus the times of this calendar's own appointments of that staff member (their Outlook calendar
    /// holds our appointments too; left in, a group appointment would hide its own free seats). Once stale: nothing
    /// (bookable as if unsynced) or the whole range (not bookable), as the policy says.
    /// </summary>
    public IEnumerable<BusyInterval> BusyIntervals(IEnumerable<StaffSyncState> states, IReadOnlyList<BusyAppointment> appointments,
        DateTimeOffset now, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(appointments);
        foreach (var state in states)
        {
            if (!IsFresh(state, now))
            {
                if (StaleMeansUnavailable) yield return new BusyInterval(state.StaffId, from, to);
                continue;
            }
            var own = appointments.Where(a => a.StaffId == state.StaffId).Select(a => (a.Start, a.End)).OrderBy(a => a.Start).ToList();
            foreach (var block in state.Busy)
            {
                if (block.End <= from || block.Start >= to) continue;
                foreach (var (start, end) in Subtract(block.Start, block.End, own))
                    yield return new BusyInterval(state.StaffId, start, end);
            }
        }
    }

    /// <summary>
    /// The states that still apply to <paramref name="calendar"/> as it is now: of bookable staff members it lists, from the
    /// source they still have (a removed feed, a staff member no longer synced or removed leaves a stored state behind until
    /// the next pass rewrites them; it must not block anybody meanwhile).
    /// </summary>
    public static IEnumerable<StaffSyncState> Applicable(IEnumerable<StaffSyncState> states, Calendars.CalendarDocument calendar)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(calendar);
        return states.Where(s => calendar.FindStaff(s.StaffId) is { IsBookable: true } staff && s.Source switch
        {
            SyncSource.IcsFeed => !string.IsNullOrWhiteSpace(staff.IcsFeedUrl),
            _ => string.IsNullOrWhiteSpace(staff.IcsFeedUrl) && staff.AvailabilityIsAffectedByPersonalCalendar && !string.IsNullOrWhiteSpace(staff.EmailAddress),
        });
    }

    // [start, end) minus the sorted intervals; what is left, in order.
    private static IEnumerable<(DateTimeOffset, DateTimeOffset)> Subtract(DateTimeOffset start, DateTimeOffset end, List<(DateTimeOffset Start, DateTimeOffset End)> holes)
    {
        var cursor = start;
        foreach (var (holeStart, holeEnd) in holes)
        {
            if (holeEnd <= cursor) continue;
            if (holeStart >= end) break;
            if (holeStart > cursor) yield return (cursor, holeStart);
            if (holeEnd > cursor) cursor = holeEnd;
            if (cursor >= end) yield break;
        }
        if (cursor < end) yield return (cursor, end);
    }
}
