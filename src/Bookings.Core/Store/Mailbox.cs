using Bookings.Core.Calendars;

namespace Bookings.Core.Store;

/// <summary>A calendar's scheduling mailbox: its address, slug and calendar document.</summary>
public sealed record Mailbox(
    string Id,
    string Slug,
    string DisplayName,
    string RecipientType,
    string Version,
    CalendarDocument Document,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const string SchedulingMailbox = "SchedulingMailbox";
}

/// <summary>Which mailbox a slug names now, and the version of its document.</summary>
public sealed record MailboxStamp(string Id, string Version);
