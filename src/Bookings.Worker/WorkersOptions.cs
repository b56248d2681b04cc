using System.ComponentModel.DataAnnotations;

namespace Bookings.Worker;

/// <summary>Settings under "Workers".</summary>
public sealed class WorkersOptions
{
    public const string Section = "Workers";

    /// <summary>Run the background jobs in this process. Off where another instance runs them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the outbox is checked when nothing signals it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Workers:PollInterval must be between 00:00:00.010 and 01:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
