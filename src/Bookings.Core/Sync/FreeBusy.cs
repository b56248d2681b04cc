namespace Bookings.Core.Sync;

/// <summary>One busy interval read from a staff member's own calendar (UTC instants, End after Start).</summary>
public readonly record struct BusyBlock(DateTimeOffset Start, DateTimeOffset End);

/// <summary>Why a staff member's calendar could not be read; each kind has its own diagnosis and fix.</summary>
public enum SyncFailureKind
{
    /// <summary>The calendar exists but its free/busy is not shared with us (or the feed answered 401/403).</summary>
    PermissionDenied,

    /// <summary>No such user in the organisation (or the feed answered 404/410).</summary>
    NotFound,

    /// <summary>Anything else: throttling that outlasted the retries, timeouts, 5xx, a malformed feed.</summary>
    Unknown,

    /// <summary>
    /// The feed's address is one the address-safety rules never read (not http(s) or webcal, a user name or password in it, a
    /// loopback, private or link-local address): it stays so until the address is changed. The detail says why, never the URL.
    /// </summary>
    NotAllowed,
}

/// <summary>A failure to read one calendar: its kind and a short technical detail for logs (never personal data).</summary>
public sealed record SyncFailure(SyncFailureKind Kind, string Detail);

/// <summary>What one calendar source answered for one staff member: busy blocks, or a failure.</summary>
public sealed record FreeBusyResult(IReadOnlyList<BusyBlock>? Busy, SyncFailure? Failure)
{
    public static FreeBusyResult Ok(IReadOnlyList<BusyBlock> busy) => new(busy, null);
    public static FreeBusyResult Failed(SyncFailureKind kind, string detail) => new(null, new SyncFailure(kind, detail));
    public bool Succeeded => Failure is null;
}
