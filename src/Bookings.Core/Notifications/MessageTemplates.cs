using Bookings.Core.Calendars;

namespace Bookings.Core.Notifications;

/// <summary>The languages messages are written in: pl for any Polish tag (pl, pl-PL, pl_PL), en for everything else.</summary>
public static class MessageLanguages
{
    public static string For(string? language) =>
        language is not null && language.StartsWith("pl", StringComparison.OrdinalIgnoreCase)
        && (language.Length == 2 || language[2] is '-' or '_') ? "pl" : "en";
}

/// <summary>One answer to a custom question, as the customer gave it.</summary>
public sealed record MessageAnswer(string Question, string Answer);

/// <summary>
/// Everything a message template may say, as raw text (never encoded: the renderer encodes for HTML), with the times
/// already in the recipient's zone. Null: not known or not relevant to this kind.
/// </summary>
public sealed record MessageModel
{
    public required string Kind { get; init; }
    public required string RecipientName { get; init; }
    public required string BusinessName { get; init; }
    public string? BusinessEmail { get; init; }
    public string? BusinessPhone { get; init; }
    public string? BusinessWebsite { get; init; }
    public string ServiceName { get; init; } = "";
    public string StaffName { get; init; } = "";
    public string CustomerName { get; init; } = "";
    public string? CustomerEmail { get; init; }
    public string? CustomerPhone { get; init; }
    public string? Notes { get; init; }
    public IReadOnlyList<MessageAnswer> Answers { get; init; } = [];

    /// <summary>The appointment (or the time off), in <see cref="Zone"/>.</summary>
    public DateTimeOffset Start { get; init; }
    public DateTimeOffset End { get; init; }
    public required TimeZoneInfo Zone { get; init; }

    /// <summary>Reschedule: where the appointment was before, in <see cref="Zone"/>.</summary>
    public DateTimeOffset? PreviousStart { get; init; }
    public DateTimeOffset? PreviousEnd { get; init; }

    public string? Location { get; init; }

    /// <summary>The customer's link to change or cancel the booking; null when the service does not let them (see <see cref="ViewUrl"/>).</summary>
    public string? ManageUrl { get; init; }

    /// <summary>The customer's link to see the booking (the same page), also when they may not change or cancel it online.</summary>
    public string? ViewUrl { get; init; }

    /// <summary>The online meeting's join link (Teams, or the service's meeting-link template).</summary>
    public string? JoinUrl { get; init; }

    /// <summary>The service is held online: without a <see cref="JoinUrl"/>, the customer is told that the business sends the link.</summary>
    public bool Online { get; init; }

    /// <summary>A group cancellation to the staff member: how many customers still come.</summary>
    public int OthersRemaining { get; init; }

    /// <summary>Reminders and follow-ups: the admin's own words from the service.</summary>
    public string? CustomMessage { get; init; }

    /// <summary>Staff invitation: the links that accept or decline it.</summary>
    public string? AcceptUrl { get; init; }
    public string? DeclineUrl { get; init; }

    /// <summary>Time off notice: the reason the admin gave, if any.</summary>
    public string? Reason { get; init; }
}

/// <summary>An email in words: subject (one line), plain text and HTML.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>
/// The wording of every message, per kind and language (en, pl): the calendar's own templates
/// (<see cref="CalendarDocument.NotificationTemplates"/>) where it has them, the defaults otherwise.
/// </summary>
public interface IMessageTemplates
{
    /// <summary>The languages with default templates (en, pl).</summary>
    IReadOnlyList<string> Languages { get; }

    RenderedEmail RenderEmail(CalendarDocument calendar, string language, MessageModel model);

    /// <summary>An SMS body (one short paragraph of plain text).</summary>
    string RenderSms(CalendarDocument calendar, string language, MessageModel model);

    /// <summary>Every problem of the calendar's own templates ("notificationTemplates[2].html: line 3: …"); empty when they all parse.</summary>
    IReadOnlyList<(string Path, string Message)> Validate(CalendarDocument calendar);
}
