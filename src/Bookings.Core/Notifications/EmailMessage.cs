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

/// <summary>The outbox kinds of message, named audience last so they read "what happened → to whom".</summary>
public static class NotificationKinds
{
    public const string BookingCustomer = "booking.customer";
    public const string BookingStaff = "booking.staff";
    /// <summary>A copy of every new booking to the business's address (sendConfirmationsToOwner).</summary>
    public const string BookingOwner = "booking.owner";
    public const string RescheduleCustomer = "reschedule.customer";
    public const string RescheduleStaff = "reschedule.staff";
    public const string CancellationCustomer = "cancellation.customer";
    public const string CancellationStaff = "cancellation.staff";
    public const string ReminderCustomer = "reminder.customer";
    public const string ReminderStaff = "reminder.staff";
    public const string FollowUpCustomer = "followup.customer";
    /// <summary>A staff member is invited to a calendar: accept and decline links set their membership status.</summary>
    public const string InvitationStaff = "invitation.staff";
    /// <summary>A staff member is told about time off entered for them.</summary>
    public const string TimeOffStaff = "timeoff.staff";

    // SMS (channel "sms"): the same events, short.
    public const string BookingSms = "booking.sms";
    public const string RescheduleSms = "reschedule.sms";
    public const string CancellationSms = "cancellation.sms";
    public const string ReminderSms = "reminder.sms";

    public static readonly IReadOnlyList<string> Email =
    [
        BookingCustomer, BookingStaff, BookingOwner, RescheduleCustomer, RescheduleStaff, CancellationCustomer, CancellationStaff,
        ReminderCustomer, ReminderStaff, FollowUpCustomer, InvitationStaff, TimeOffStaff,
    ];

    public static readonly IReadOnlyList<string> Sms = [BookingSms, RescheduleSms, CancellationSms, ReminderSms];

    /// <summary>Messages scheduled for later (reminders, follow-ups): dropped when their appointment is cancelled or moved.</summary>
    public static bool IsScheduled(string kind) =>
        kind.StartsWith("reminder.", StringComparison.Ordinal) || kind.StartsWith("followup.", StringComparison.Ordinal);
}
