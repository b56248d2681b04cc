using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// A calendar's outgoing messages for its administrators and schedulers: sent, pending, failing and dropped, a preview of one,
/// and a resend. Anyone else gets the not-found page, whether the calendar exists or not.
/// </summary>
[Authorize(Policy = "Admin")]
public sealed class OutboxModel(IBookingStore store, TimeProvider time) : PageModel
{
    public sealed record Row(OutboxMessage Message, string Status, string? To, string? Subject);

    public Mailbox Mailbox { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The message shown in full (?id=…), if any.</summary>
    public Row? Preview { get; private set; }
    public EmailMessage? PreviewEmail { get; private set; }
    public SmsMessage? PreviewSms { get; private set; }
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? id, string? resent, CancellationToken ct)
    {
        AdminPage.Protect(this);
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (resent is not null) Notice = "The message is queued again and goes out shortly.";
        if (id is not null)
        {
            Preview = Rows.FirstOrDefault(r => r.Message.Id == id);
            if (Preview is null) return NotFound();
            (PreviewEmail, PreviewSms) = OutboxPayload.Decode(Preview.Message);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(string slug, string id, CancellationToken ct)
    {
        AdminPage.Protect(this);
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (!await store.RequeueOutboxAsync(Mailbox.Id, id, time.GetUtcNow(), ct)) return NotFound();
        HttpContext.RequestServices.GetService<IOutboxSignal>()?.Notify();
        Response.Headers.Location = Url.Page("/Admin/Outbox", new { slug, id, resent = 1 });
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        if (await store.GetMailboxBySlugAsync(slug, ct) is not { } mailbox || !CalendarAccess.CanSeeOutbox(User, mailbox.Document)) return false;
        Mailbox = mailbox;
        Rows = [.. (await store.ListOutboxAsync(mailbox.Id, ct)).OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => new Row(m, OutboxPayload.Status(m), OutboxPayload.Recipient(m), OutboxPayload.Decode(m).Email?.Subject))];
        return true;
    }
}
