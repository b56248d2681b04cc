using System.Text.Json;
using Bookings.Core.Calendars;

namespace Bookings.Core.Notifications;

/// <summary>
/// An email as it waits in the outbox (OutboxMessage.Payload, channel "email"): everything a sender
/// needs except the sender address, which is the host's Mail:From.
/// </summary>
public sealed record EmailMessage(
    EmailContact To,
    string SenderName,
    EmailContact? ReplyTo,
    string Subject,
    string TextBody,
    string HtmlBody,
    IReadOnlyList<EmailAttachment> Attachments)
{
    public const string Channel = "email";

    public string ToJson() => JsonSerializer.Serialize(this, CalendarJson.Compact);

    public static EmailMessage FromJson(string json) =>
        JsonSerializer.Deserialize<EmailMessage>(json, CalendarJson.Compact)
        ?? throw new JsonException("The email payload is empty (null).");
}

public sealed record EmailContact(string Address, string? Name);

/// <summary>A text attachment, e.g. an .ics with ContentType "text/calendar; method=REQUEST; charset=utf-8".</summary>
public sealed record EmailAttachment(string FileName, string ContentType, string Content);

/// <summary>The outbox kinds of email, named audience last so they read "what happened → to whom".</summary>
public static class NotificationKinds
{
    public const string BookingCustomer = "booking.customer";
    public const string BookingStaff = "booking.staff";
    public const string CancellationCustomer = "cancellation.customer";
    public const string CancellationStaff = "cancellation.staff";
}
