using Bookings.Core.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bookings.Web.Infrastructure;

/// <summary>
/// On the Microsoft 365 store: Degraded while the app may not read some calendars' mailboxes (outside its Exchange scope), with their
/// count and addresses (organisational mailboxes, not people) and the fix. The calendars are listed at most once a minute.
/// </summary>
public sealed class CalendarsHealthCheck(IMailboxStore store, IMailboxReachability reachability, TimeProvider time) : ReusedHealthCheck(time)
{
    protected override string What => "The calendars";

    // The listing is what finds the mailboxes the app may not read.
    protected override async Task<HealthCheckResult> CheckAsync(CancellationToken ct) =>
        Summarize((await store.ListMailboxesAsync(ct)).Count, reachability.UnreachableMailboxes);

    public static HealthCheckResult Summarize(int readable, IReadOnlyList<UnreachableMailbox> unreachable)
    {
        var data = new Dictionary<string, object>
        {
            ["readable"] = readable,
            ["unreachable"] = unreachable.Count,
            ["unreachableMailboxes"] = unreachable.Select(u => u.Mailbox).ToArray(),
        };
        if (unreachable.Count == 0) return HealthCheckResult.Healthy($"{readable} calendars; the app can read every calendar's mailbox.", data);
        return HealthCheckResult.Degraded(
            $"The app may not read {unreachable.Count} {(unreachable.Count == 1 ? "calendar's mailbox" : "calendars' mailboxes")} " +
            $"({string.Join(", ", unreachable.Select(u => u.Mailbox))}): they are left out until IT adds them to the app's Exchange scope " +
            "(infra/exchange-scope.ps1 -Mailboxes …) or they are deleted from the calendars (bookings calendars delete ADDRESS --yes).", data: data);
    }
}
