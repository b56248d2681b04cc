using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;

namespace Bookings.Core.Booking;

/// <summary>
/// Inviting a staff member to a calendar: their membership becomes pendingAcceptance, an email carries accept and decline
/// links with a 256-bit token (only its hash is kept, on the staff member in the document; the links are sealed in the
/// stored email, <see cref="InvitationLinks"/>), and answering sets the membership to active or rejected. An invitation is
/// good for <see cref="Lifetime"/>; a new one replaces the old.
/// </summary>
public sealed class StaffInvitations(IMailboxStore mailboxStore, IOutboxStore outboxStore, INotificationComposer composer,
    IInvitationLinkProtector invitationLinks, TimeProvider time, IOutboxSignal? outboxSignal = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>Invites <paramref name="staffId"/>; <paramref name="links"/> turns the token into the accept and decline URLs.</summary>
    public async Task<Mailbox> InviteAsync(Mailbox mailbox, string staffId, Func<string, (string Accept, string Decline)> links, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(links);
        var doc = CalendarJson.Clone(mailbox.Document);
        var staff = doc.FindStaff(staffId) ?? throw new KeyNotFoundException($"Calendar '{mailbox.Slug}' has no staff member '{staffId}'.");
        if (!EmailAddress.IsValid(staff.EmailAddress))
            throw new InvalidOperationException($"Staff member '{staffId}' has no email address to send the invitation to.");
        var now = time.GetUtcNow();
        var token = ManageTokens.Create();
        staff.MembershipStatus = MembershipStatus.PendingAcceptance;
        staff.InvitationTokenHash = ManageTokens.Hash(token);
        staff.InvitedAt = now;
        var updated = await mailboxStore.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version, ct);
        var (accept, decline) = links(token);
        // In the language the invitation is written in (the calendar's), for the words that stand for a link that cannot be opened.
        var language = NotificationComposer.Language(null, updated.Document);
        await outboxStore.EnqueueOutboxAsync(composer.StaffInvited(updated, updated.Document.FindStaff(staffId)!,
            InvitationLinks.Placeholder(invitationLinks, accept, language), InvitationLinks.Placeholder(invitationLinks, decline, language), now), ct);
        outboxSignal?.Notify();
        return updated;
    }

    /// <summary>The open invitation a link names, or null (wrong, used or expired token: all the same).</summary>
    public async Task<(Mailbox Mailbox, BookingStaffMember Staff)?> FindAsync(string slug, string staffId, string? token, CancellationToken ct = default)
    {
        if (!ManageTokens.LooksValid(token)) return null;
        var mailbox = await mailboxStore.GetMailboxBySlugAsync(slug, ct);
        var staff = mailbox?.Document.FindStaff(staffId);
        if (mailbox is null || staff is not { MembershipStatus: MembershipStatus.PendingAcceptance, InvitationTokenHash: { } hash, InvitedAt: { } at }) return null;
        if (time.GetUtcNow() - at > Lifetime) return null;
        var given = ManageTokens.Hash(token!);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(given), System.Text.Encoding.ASCII.GetBytes(hash)) ? (mailbox, staff) : null;
    }

    /// <summary>Accepts (active) or declines (rejected) the invitation; false when the link is not (or no longer) valid.</summary>
    public async Task<bool> RespondAsync(string slug, string staffId, string? token, bool accept, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await FindAsync(slug, staffId, token, ct) is not { } found) return false;
            var doc = CalendarJson.Clone(found.Mailbox.Document);
            var staff = doc.FindStaff(staffId)!;
            staff.MembershipStatus = accept ? MembershipStatus.Active : MembershipStatus.Rejected;
            staff.InvitationTokenHash = null;
            try
            {
                await mailboxStore.UpdateMailboxAsync(found.Mailbox.Id, doc, found.Mailbox.Version, ct);
                return true;
            }
            catch (StoreConflictException)
            {
                // The document changed meanwhile (an admin's edit): read it again and answer on the new version.
            }
        }
        throw new StoreConflictException("The calendar kept changing; try the link again.");
    }
}
