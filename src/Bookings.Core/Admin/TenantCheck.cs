namespace Bookings.Core.Admin;

/// <summary>How one assumption of the store fared on a tenant.</summary>
public enum CheckResult { Pass, Fail, Note }

/// <summary>
/// One assumption the Microsoft 365 store makes, tried on a real mailbox: what was seen, the documentation it rests on, and what the store
/// does when it does not hold.
/// </summary>
public sealed record CheckOutcome(string Id, string Assumption, CheckResult Result, string Seen, string Documentation, string WhenItFails);

/// <summary>
/// The check of what the Microsoft 365 store relies on in a tenant (<c>bookings graph check</c>, /admin/tenant/graph-check). Only that
/// store has it: Bookings.Hosting registers it there, and its absence means the store is the embedded one.
/// </summary>
public interface ITenantCheck
{
    /// <summary>The mailbox that keeps the list of calendars (Graph:DirectoryMailbox): the one a check starts with.</summary>
    string DirectoryMailbox { get; }

    /// <summary>Runs every check on <paramref name="mailbox"/> and answers the outcomes in order. Throws only when cancelled.</summary>
    Task<IReadOnlyList<CheckOutcome>> RunAsync(string mailbox, CancellationToken ct = default);
}
