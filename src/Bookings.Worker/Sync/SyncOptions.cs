using System.ComponentModel.DataAnnotations;
using Bookings.Core.Sync;

namespace Bookings.Worker.Sync;

/// <summary>What availability does with a staff member whose calendar has not synced for longer than the staleness limit.</summary>
public enum WhenStale
{
    /// <summary>Bookable as if their own calendar were empty (appointments, time off and working hours still apply).</summary>
    Bookable,

    /// <summary>Not offered at all until their calendar syncs again.</summary>
    Unavailable,
}

/// <summary>Settings under "Sync": the staff calendar sync (ICS feeds on either store, getSchedule on Microsoft 365).</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>How often every synced staff calendar is read.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Sync:Interval must be between 00:00:05 and 1.00:00:00.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far ahead busy time is read (from now).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "400.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Sync:Horizon must be between 1.00:00:00 and 400.00:00:00.")]
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(60);

    /// <summary>How long the last good free/busy of a staff member whose sync fails is still used.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Sync:StalenessLimit must be between 00:01:00 and 30.00:00:00.")]
    public TimeSpan StalenessLimit { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Past the staleness limit: Bookable (default) or Unavailable.</summary>
    public WhenStale WhenStale { get; set; } = WhenStale.Bookable;

    /// <summary>Failures in a row after which an unidentified sync error is escalated (logged as an error, said so in the diagnosis).</summary>
    [Range(1, 1000, ErrorMessage = "Sync:EscalateAfter must be between 1 and 1000.")]
    public int EscalateAfter { get; set; } = 3;

    public StaffSyncPolicy Policy => new(StalenessLimit, WhenStale == WhenStale.Unavailable);
}
