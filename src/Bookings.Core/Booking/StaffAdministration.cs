using System.Text;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;

namespace Bookings.Core.Booking;

/// <summary>
/// Staff administration shared by the CLI (`bookings staff`, `bookings timeoff`) and the admin app: the invitation links,
/// ids for new staff members, the appointments that keep a staff member in the calendar, and time off with its notices.
/// </summary>
public static class StaffAdministration
{
    /// <summary>Time off lasts at most this long (add several for longer).</summary>
    public static readonly TimeSpan LongestTimeOff = TimeSpan.FromDays(366);

    /// <summary>The longest note on time off.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>
    /// The invitation page's address for a token: one link (the page offers accept and decline), used for both.
    /// <paramref name="baseUrl"/> is the public site root (no trailing slash needed).
    /// </summary>
    public static Func<string, (string Accept, string Decline)> InvitationLinks(string baseUrl, string slug, string staffId)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.TrimEnd('/');
        return token =>
        {
            var link = $"{root}/staff/invitation/{Uri.EscapeDataString(slug)}/{Uri.EscapeDataString(staffId)}/{Uri.EscapeDataString(token)}";
            return (link, link);
        };
    }

    /// <summary>A free staff id for a new member, from their address's local part (else their name): "jan.kowalski", "jan.kowalski-2".</summary>
    public static string NewStaffId(CalendarDocument doc, string? email, string? name)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var source = email is { } e && e.IndexOf('@') is > 0 and var at ? e[..at] : name ?? "";
        var b = new StringBuilder();
        foreach (var c in source.Normalize(NormalizationForm.FormD))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') b.Append(c);
            else if (c is >= 'A' and <= 'Z') b.Append(char.ToLowerInvariant(c));
            else if (c is '.' or '-' or '_' && b.Length > 0 && b[^1] is not ('.' or '-' or '_')) b.Append(c);
            else if (c is 'ł' or 'Ł') b.Append('l');
            else if (char.IsWhiteSpace(c) && b.Length > 0 && b[^1] != '-') b.Append('-');
        }
        var id = b.ToString().Trim('.', '-', '_');
        if (id.Length > 50) id = id[..50].Trim('.', '-', '_');
        if (id.Length == 0) id = "staff";
        var candidate = id;
        for (var n = 2; doc.FindStaff(candidate) is not null; n++) candidate = $"{id}-{n}";
        return candidate;
    }

    /// <summary>How many booked appointments the staff member has that have not ended yet.</summary>
    public static async Task<int> BookedFromAsync(IAppointmentStore store, string mailboxId, string staffId, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var appointments = await store.ListAppointmentsAsync(mailboxId, now, DateTimeOffset.MaxValue.AddYears(-1), ct);
        return appointments.Count(a => a.StaffId == staffId && a.Status == AppointmentStatus.Booked && a.End > now && a.SeatsTaken > 0);
    }

    /// <summary>Why time off cannot be stored as given, or null.</summary>
    public static TimeOffProblem? Check(DateTimeOffset start, DateTimeOffset end, string? reason) =>
        end <= start ? TimeOffProblem.EndNotAfterStart
        : end - start > LongestTimeOff ? TimeOffProblem.TooLong
        : reason is { Length: > MaxReasonLength } ? TimeOffProblem.ReasonTooLong
        : null;

    /// <summary>
    /// Stores the time off (<see cref="Check"/> first) and queues the staff member's notice (a closure tells nobody);
    /// the dispatcher sends it.
    /// </summary>
    public static async Task<TimeOff> AddTimeOffAsync(ITimeOffStore timeOffStore, IOutboxStore outboxStore, INotificationComposer composer, Mailbox mailbox,
        string? staffId, DateTimeOffset start, DateTimeOffset end, string? reason, DateTimeOffset now, IOutboxSignal? signal = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(timeOffStore);
        ArgumentNullException.ThrowIfNull(outboxStore);
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(mailbox);
        if (Check(start, end, reason) is { } problem) throw new ArgumentException($"Time off is not valid: {problem}.");
        if (staffId is not null && mailbox.Document.FindStaff(staffId) is null)
            throw new KeyNotFoundException($"Calendar '{mailbox.Slug}' has no staff member '{staffId}'.");
        var stored = await timeOffStore.AddTimeOffAsync(new TimeOff("", mailbox.Id, staffId, start.ToUniversalTime(), end.ToUniversalTime(), reason), ct);
        var notices = composer.TimeOffAdded(mailbox, stored, now);
        if (notices.Count > 0)
        {
            await outboxStore.EnqueueOutboxAsync(notices, ct);
            signal?.Notify();
        }
        return stored;
    }
}

public enum TimeOffProblem { EndNotAfterStart, TooLong, ReasonTooLong }
