using Bookings.Core.Admin;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// A calendar's outgoing messages for its administrators and schedulers (<see cref="AdminAction.ViewOutbox"/>): sent, pending,
/// failing and dropped, a preview of one, and a resend (audited as outbox.resend). Anyone else gets the not-found page, whether
/// the calendar exists or not.
/// </summary>
public sealed class OutboxModel(IMailboxStore mailboxStore, IAuditStore auditStore, IOutboxStore outboxStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public sealed record Row(OutboxMessage Message, string Status, string? To, string? Subject);

    public override string Section => "outbox";

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The message shown in full (?id=…), if any.</summary>
    public Row? Preview { get; private set; }
    public EmailMessage? PreviewEmail { get; private set; }
    public SmsMessage? PreviewSms { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? id, string? resent, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewOutbox, ct)) return Missing();
        await ReadRowsAsync(ct);
        if (resent is not null) Notice = Text.Settings.TheMessageIsQueued;
        if (id is not null)
        {
            Preview = Rows.FirstOrDefault(r => r.Message.Id == id);
            if (Preview is null) return Missing();
            (PreviewEmail, PreviewSms) = OutboxPayload.Decode(Preview.Message);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(string slug, string? id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewOutbox, ct) || id is null) return Missing();
        var message = (await outboxStore.ListOutboxAsync(Mailbox.Id, ct)).FirstOrDefault(m => m.Id == id);
        if (message is null || !await outboxStore.RequeueOutboxAsync(Mailbox.Id, id, Time.GetUtcNow(), ct)) return Missing();
        // The message's kind only: the recipient is customer data and stays in the outbox.
        await AuditAsync("outbox.resend", id, $"kind: {message.Kind}", ct);
        HttpContext.RequestServices.GetService<IOutboxSignal>()?.Notify();
        return SeeOther(Url.Page("/Admin/Outbox", new { slug, id, resent = 1 }) ?? $"/admin/{slug}/outbox");
    }

    /// <summary>The status in the page's language (sent, pending, failing, dropped).</summary>
    public string StatusText(string status) => status switch
    {
        "sent" => Text.Settings.SentFeminine,
        "pending" => Text.Settings.Pending,
        "failing" => Text.Settings.Failing,
        "dropped" => Text.Settings.Dropped,
        _ => status,
    };

    private async Task ReadRowsAsync(CancellationToken ct) =>
        Rows = [.. (await outboxStore.ListOutboxAsync(Mailbox.Id, ct)).OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => new Row(m, OutboxPayload.Status(m), OutboxPayload.Recipient(m), OutboxPayload.Decode(m).Email?.Subject))];
}
