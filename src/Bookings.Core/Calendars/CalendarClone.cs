namespace Bookings.Core.Calendars;

/// <summary>
/// Copies a calendar's configuration into a new calendar (Microsoft Bookings has no clone; issue 8 asks for one): services, staff,
/// custom questions, business hours and information, the scheduling policy, the booking page settings, message templates and SMS
/// regions. Nothing outside the document is copied (appointments, customers, time off, the outbox, the audit log live in the
/// store, not in the document), and neither are the secrets in it: staff members' ICS feed URLs and open invitations' token
/// hashes (API.md: "clone never copies them"). Staff keep their roles and membership status. The copy has no mailbox (the store
/// gives it one) and starts unpublished, so its administrators review it before customers can book.
/// </summary>
public static class CalendarClone
{
    public static CalendarDocument Copy(CalendarDocument source, string newSlug, string newDisplayName)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = CalendarJson.Clone(source);
        copy.Id = null;
        copy.Slug = newSlug;
        copy.DisplayName = newDisplayName;
        copy.IsPublished = false;
        foreach (var staff in copy.StaffMembers)
        {
            staff.IcsFeedUrl = null;
            staff.InvitationTokenHash = null;
            staff.InvitedAt = null;
        }
        return copy;
    }
}
