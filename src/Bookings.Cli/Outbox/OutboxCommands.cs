using System.CommandLine;
using System.Text.Json;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;

namespace Bookings.Cli.Outbox;

/// <summary>`bookings outbox list|show|resend`: a calendar's messages, sent and pending, one message's content, and a resend.</summary>
internal static class OutboxCommands
{
    public static Command Create() => new("outbox", "See a calendar's outgoing messages (sent, pending, failed, dropped), preview one, resend one.")
    {
        List(),
        Show(),
        Resend(),
    };

    private static Command List()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var pending = new Option<bool>("--pending") { Description = "Only messages not sent yet (due, failing or scheduled)." };
        var command = new Command("list", "One line of JSON per message: id, kind, channel, status, due, sent, attempts, last error.") { slug, pending };
        command.SetAction(async (r, ct) =>
        {
            await using var store = await CliStore.OpenAsync(r, ct);
            var mailbox = await store.FindCalendarAsync(r.GetValue(slug)!, ct);
            var messages = await store.Store.ListOutboxAsync(mailbox.Id, ct);
            var rows = messages.Where(m => !r.GetValue(pending) || m.IsPending).Select(m => new
            {
                m.Id,
                m.Kind,
                m.Channel,
                Status = OutboxPayload.Status(m),
                m.DueAt,
                m.SentAt,
                m.DroppedAt,
                m.Attempts,
                m.LastError,
                To = OutboxPayload.Recipient(m),
            });
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(rows, CalendarJson.Options));
            return CliApp.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var id = new Argument<string>("ID") { Description = "The message's id (from list)." };
        var command = new Command("show", "The message as it will be (or was) sent: recipient, subject, text; --html for the HTML body.") { slug, id };
        var html = new Option<bool>("--html") { Description = "Print the HTML body instead of the text." };
        command.Options.Add(html);
        command.SetAction(async (r, ct) =>
        {
            await using var store = await CliStore.OpenAsync(r, ct);
            var mailbox = await store.FindCalendarAsync(r.GetValue(slug)!, ct);
            var message = (await store.Store.ListOutboxAsync(mailbox.Id, ct)).FirstOrDefault(m => m.Id == r.GetValue(id))
                ?? throw new CliException($"Calendar '{mailbox.Slug}' has no message '{r.GetValue(id)}'.");
            var output = r.InvocationConfiguration.Output;
            var (email, sms) = OutboxPayload.Decode(message);
            if (sms is not null)
            {
                output.WriteLine($"To: {sms.To}");
                output.WriteLine();
                output.WriteLine(sms.Body);
                return CliApp.Success;
            }
            if (email is null) throw new CliException($"Message '{message.Id}' has a payload that cannot be read.");
            output.WriteLine($"To: {email.To.Name} <{email.To.Address}>");
            output.WriteLine($"Subject: {email.Subject}");
            output.WriteLine($"Status: {OutboxPayload.Status(message)}");
            foreach (var a in email.Attachments) output.WriteLine($"Attachment: {a.FileName} ({a.ContentType})");
            output.WriteLine();
            output.WriteLine(r.GetValue(html) ? email.HtmlBody : email.TextBody);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Resend()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var id = new Argument<string>("ID") { Description = "The message's id (from list)." };
        var command = new Command("resend", "Queue a message again now (sent, failed or dropped); the dispatcher sends it.") { slug, id };
        command.SetAction(async (r, ct) =>
        {
            await using var store = await CliStore.OpenAsync(r, ct);
            var mailbox = await store.FindCalendarAsync(r.GetValue(slug)!, ct);
            if (!await store.Store.RequeueOutboxAsync(mailbox.Id, r.GetValue(id)!, store.Time.GetUtcNow(), ct))
                throw new CliException($"Calendar '{mailbox.Slug}' has no message '{r.GetValue(id)}'.");
            await store.AuditAsync(mailbox.Id, "outbox.resend", r.GetValue(id)!, null, ct);
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new { id = r.GetValue(id), status = "pending" }, CalendarJson.Options));
            return CliApp.Success;
        });
        return command;
    }
}
