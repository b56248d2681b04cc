namespace Bookings.Core.Store;

/// <summary>SMS opt-outs (a STOP reply): the number receives no SMS from any calendar until it opts in again (START).</summary>
public interface ISmsOptOutStore
{
    Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default);
    Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default);
}
