using Bookings.Core.Calendars;

namespace Bookings.Core.Sync;

/// <summary>
/// What an admin sees about one staff member's calendar sync: synced, waiting for its first sync, or cannot
/// sync with the cause and the fix (the three troubleshooting cases of the Microsoft Bookings FAQ), with the
/// time of the last success and what availability does meanwhile.
/// </summary>
public sealed record SyncDiagnosis(
    string MailboxId,
    string CalendarSlug,
    string StaffId,
    string StaffName,
    SyncSource Source,
    string Status,
    SyncFailureKind? Cause,
    string Message,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastAttemptAt,
    int ConsecutiveFailures,
    bool Escalated,
    string Availability)
{
    /// <summary>Why the feed's address is refused (cause NotAllowed only; never the address itself), else null.</summary>
    public string? Reason { get; init; }

    public const string Synced = "synced";
    public const string Pending = "pending";
    public const string CannotSync = "cannot-sync";
    public const string Stale = "stale";

    /// <summary>Cannot sync, or synced once but not read again for longer than the staleness limit (the sync stopped running).</summary>
    public bool IsFailing => Status is CannotSync or Stale;

    public const string PermissionDeniedGraph =
        "Cannot sync this staff member's calendar: they must share free/busy with the organisation (Outlook → Share → Calendar → My organization: Can view when I'm busy).";
    public const string PermissionDeniedFeed =
        "Cannot sync this staff member's calendar: the published calendar refused access. Publish it again (Outlook → Settings → Calendar → Shared calendars → Publish a calendar) and paste the new ICS link.";
    public const string NotFoundFeed =
        "Cannot sync this staff member's calendar: the published calendar no longer exists. Publish it again and paste the new ICS link.";
    public const string UnknownError = "A sync error we can't identify: usually gone within minutes.";

    /// <summary>A feed address the address-safety rules refuse, with why (<paramref name="reason"/>: never the address itself) and the fix.</summary>
    public static string NotAllowedFeed(string reason) =>
        $"Cannot sync this staff member's calendar: this address is not allowed: {reason}. Replace it: paste the calendar's public ICS link " +
        "(https://…, as Outlook or Google publishes it) on the staff member's page, or remove the feed.";

    public static string NotFoundGraph(IEnumerable<string> calendars) =>
        "We can't find this staff member in your organisation: remove them from every calendar that lists them ("
        + string.Join(", ", calendars) + ").";

    public static string Escalation(int failures, DateTimeOffset? lastSuccess) =>
        $"A sync error we can't identify has now failed {failures} times in a row"
        + (lastSuccess is { } at ? $" (last success {Utc(at)})" : " (never synced)")
        + ": check the Bookings logs for 'Staff calendar sync failed' and whether the calendar's source is reachable.";

    public const string StoppedSyncing =
        "This staff member's calendar has not been read for longer than the staleness limit: check that the background worker runs (Workers:Enabled in the web server, or the Bookings.Worker process).";

    private static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The diagnoses of every staff member whose calendar is synced, in every calendar.</summary>
    public static List<SyncDiagnosis> For(
        IReadOnlyList<Store.Mailbox> mailboxes, IReadOnlyDictionary<string, IReadOnlyList<StaffSyncState>> statesByMailbox,
        bool graphAvailable, DateTimeOffset now, StaffSyncPolicy policy, int escalateAfter)
    {
        ArgumentNullException.ThrowIfNull(mailboxes);
        ArgumentNullException.ThrowIfNull(statesByMailbox);
        ArgumentNullException.ThrowIfNull(policy);
        var diagnoses = new List<SyncDiagnosis>();
        foreach (var mailbox in mailboxes.OrderBy(m => m.Slug, StringComparer.Ordinal))
        {
            var states = statesByMailbox.TryGetValue(mailbox.Id, out var s) ? s : [];
            foreach (var staff in mailbox.Document.StaffMembers)
            {
                if (SourceOf(staff, graphAvailable) is not { } source) continue;
                var state = states.FirstOrDefault(x => x.StaffId == staff.Id && x.Source == source);
                diagnoses.Add(Diagnose(mailbox, staff, source, state, mailboxes, now, policy, escalateAfter));
            }
        }
        return diagnoses;
    }

    /// <summary>
    /// Where a staff member's calendar is read from: their ICS feed when they have one (either store), else Graph
    /// getSchedule on the Microsoft 365 store for staff with an address whose personal calendar affects availability;
    /// null: not synced.
    /// </summary>
    public static SyncSource? SourceOf(BookingStaffMember staff, bool graphAvailable)
    {
        ArgumentNullException.ThrowIfNull(staff);
        if (!staff.IsBookable) return null;
        if (!string.IsNullOrWhiteSpace(staff.IcsFeedUrl)) return SyncSource.IcsFeed;
        if (graphAvailable && staff.AvailabilityIsAffectedByPersonalCalendar && !string.IsNullOrWhiteSpace(staff.EmailAddress)) return SyncSource.Graph;
        return null;
    }

    private static SyncDiagnosis Diagnose(Store.Mailbox mailbox, BookingStaffMember staff, SyncSource source, StaffSyncState? state,
        IReadOnlyList<Store.Mailbox> mailboxes, DateTimeOffset now, StaffSyncPolicy policy, int escalateAfter)
    {
        string status, message;
        SyncFailureKind? cause = null;
        var escalated = false;
        if (state is null)
        {
            status = Pending;
            message = "Not synced yet: the first sync runs within one sync interval.";
        }
        else if (state.Failure is null && policy.IsFresh(state, now))
        {
            status = Synced;
            message = "Synced.";
        }
        else if (state.Failure is null)
        {
            status = Stale;
            message = StoppedSyncing;
        }
        else
        {
            status = CannotSync;
            cause = state.Failure!.Kind;
            message = (state.Failure.Kind, source) switch
            {
                (SyncFailureKind.PermissionDenied, SyncSource.Graph) => PermissionDeniedGraph,
                (SyncFailureKind.PermissionDenied, _) => PermissionDeniedFeed,
                (SyncFailureKind.NotFound, SyncSource.Graph) => NotFoundGraph(CalendarsListing(mailboxes, staff.EmailAddress)),
                (SyncFailureKind.NotFound, _) => NotFoundFeed,
                (SyncFailureKind.NotAllowed, _) => NotAllowedFeed(state.Failure.Detail),
                _ => UnknownError,
            };
            if (state.Failure.Kind == SyncFailureKind.Unknown && state.ConsecutiveFailures >= escalateAfter)
            {
                escalated = true;
                message = Escalation(state.ConsecutiveFailures, state.LastSuccessAt);
            }
        }

        var availability = state is null ? "Availability does not include this staff member's own calendar yet."
            : policy.IsFresh(state, now)
                ? state.Failure is null ? "Availability follows this staff member's calendar."
                : $"Availability uses this staff member's calendar as last synced at {Utc(state.LastSuccessAt!.Value)}."
            : policy.StaleMeansUnavailable
                ? "This staff member is shown as unavailable until their calendar syncs again."
                : "This staff member is bookable as if their own calendar were empty until it syncs again.";

        return new SyncDiagnosis(mailbox.Id, mailbox.Slug, staff.Id, staff.DisplayName, source, status, cause, message,
            state?.LastSuccessAt, state?.LastAttemptAt, state?.ConsecutiveFailures ?? 0, escalated, availability)
        {
            Reason = cause == SyncFailureKind.NotAllowed ? state!.Failure!.Detail : null,
        };
    }

    /// <summary>"Display name (slug)" of every calendar that lists a staff member with this address.</summary>
    public static IEnumerable<string> CalendarsListing(IEnumerable<Store.Mailbox> mailboxes, string? email) =>
        string.IsNullOrWhiteSpace(email) ? [] :
        mailboxes.Where(m => m.Document.StaffMembers.Any(s => string.Equals(s.EmailAddress, email, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(m => m.Slug, StringComparer.Ordinal).Select(m => $"{m.DisplayName} ({m.Slug})");
}
