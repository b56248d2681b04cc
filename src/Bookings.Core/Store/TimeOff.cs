namespace Bookings.Core.Store;

/// <summary>Time off of one staff member, or (StaffId null) a closure of the whole calendar. UTC, [Start, End).</summary>
public sealed record TimeOff(string Id, string MailboxId, string? StaffId, DateTimeOffset Start, DateTimeOffset End, string? Reason);
