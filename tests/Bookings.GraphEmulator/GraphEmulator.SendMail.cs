using System.Text.Json.Nodes;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

/// <summary>users/{id}/sendMail.</summary>
public sealed partial class GraphEmulator
{
    /// <summary>Messages given to sendMail by a mailbox, in order.</summary>
    public IReadOnlyList<SentMessage> SentMailOf(string mailbox) { lock (_lock) return [.. Get(mailbox).Sent]; }

    /// <summary>Every sendMail message of every mailbox, in order.</summary>
    public IReadOnlyList<SentMessage> SentMail { get { lock (_lock) return [.. _mailboxes.Values.SelectMany(m => m.Sent).OrderBy(s => s.At)]; } }

    /// <summary>
    /// user-sendmail.md: JSON { message, saveToSentItems }, file attachments inline, 202 Accepted without a body. Delivery is
    /// "subject to Exchange Online limitations and throttling": at most GraphEmulatorOptions.MaxMessagesPerMinute messages a
    /// minute per mailbox (emulator clock); the excess is refused with 429 or deferred (GraphEmulatorOptions.SendRateExceeded).
    /// </summary>
    private Answer SendMail(Call c, Mailbox m, GraphEmulatorOptions o)
    {
        if (c.Method != "POST") throw MethodNotAllowed();
        if (c.BodyObject["message"] is not JsonObject message)
            throw new GraphError(400, "ErrorInvalidRequest", "The message parameter is required.");
        CheckWritable(message, Schemas.Message, "message");
        var recipients = new[] { "toRecipients", "ccRecipients", "bccRecipients" }
            .SelectMany(k => message[k] as JsonArray ?? [])
            .Select(r => r?["emailAddress"]?["address"]?.GetValue<string>())
            .ToList();
        if (recipients.Count == 0 || recipients.Any(string.IsNullOrWhiteSpace))
            throw new GraphError(400, "ErrorInvalidRecipients", "At least one recipient isn't valid., A message can't be sent because it contains no recipients.");
        var attachments = new List<SentAttachment>();
        foreach (var a in message["attachments"] as JsonArray ?? [])
        {
            if (a is not JsonObject att || att["@odata.type"]?.GetValue<string>() is not "#microsoft.graph.fileAttachment")
                throw new GraphError(400, "BadRequest", "Only #microsoft.graph.fileAttachment attachments are emulated.");
            byte[] bytes;
            try { bytes = Convert.FromBase64String(att["contentBytes"]?.GetValue<string>() ?? ""); }
            catch (FormatException) { throw new GraphError(400, "ErrorInvalidRequest", "The contentBytes of an attachment is not valid base64."); }
            attachments.Add(new SentAttachment(att["name"]?.GetValue<string>() ?? "", att["contentType"]?.GetValue<string>(), bytes));
        }

        var now = Now();
        m.SendTimes.RemoveAll(t => now - t >= TimeSpan.FromMinutes(1));
        var deferred = false;
        if (m.SendTimes.Count >= o.MaxMessagesPerMinute)
        {
            if (o.SendRateExceeded == SendRateExceeded.Throttled)
            {
                var wait = m.SendTimes[0] + TimeSpan.FromMinutes(1) - now;
                c.ResponseHeaders["Retry-After"] = Seconds(wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1));
                throw new GraphError(429, "ApplicationThrottled", "Application is over its MessageRateLimit.");
            }
            deferred = true;
        }
        m.SendTimes.Add(now);
        var save = c.BodyObject["saveToSentItems"] switch
        {
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) => !s.Equals("false", StringComparison.OrdinalIgnoreCase),
            _ => true,
        };
        m.Sent.Add(new SentMessage(m.Address, Clone(message), [.. recipients!], attachments, save, deferred, now));
        return new Answer(202);
    }
}
