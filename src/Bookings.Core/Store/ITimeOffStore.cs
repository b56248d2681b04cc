namespace Bookings.Core.Store;

/// <summary>Time off of staff members and closures of a whole calendar; availability reads them as busy intervals.</summary>
public interface ITimeOffStore
{
    /// <summary>Time off and closures that meet [from, to).</summary>
    Task<IReadOnlyList<TimeOff>> ListTimeOffAsync(string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>Stores time off (StaffId set) or a closure (StaffId null); KeyNotFoundException for an unknown mailbox.</summary>
    Task<TimeOff> AddTimeOffAsync(TimeOff timeOff, CancellationToken ct = default);

    Task<bool> DeleteTimeOffAsync(string mailboxId, string timeOffId, CancellationToken ct = default);
}
