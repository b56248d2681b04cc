namespace Bookings.Core.Sync;

/// <summary>
/// Staff free/busy read from the organisation's calendars through a calendar's mailbox (Microsoft 365: Graph getSchedule). Only the
/// Microsoft 365 store has it: Bookings.Hosting registers it there, and its absence means staff sync reads ICS feeds only.
/// </summary>
public interface IScheduleReader
{
    /// <summary>
    /// Busy blocks of each address in [<paramref name="from"/>, <paramref name="to"/>), read through the calendar of
    /// <paramref name="mailbox"/>: one answer per distinct address (keys compare case-insensitively), blocks in UTC, clipped, sorted and
    /// merged. An address that could not be read gets its failure.
    /// </summary>
    Task<IReadOnlyDictionary<string, FreeBusyResult>> ReadAsync(
        string mailbox, IReadOnlyCollection<string> addresses, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
}
