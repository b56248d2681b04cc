using System.Text;
using Bookings.Worker.Outbox;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Bookings.Web.Tests.Worker;

/// <summary>What the app keeps and what it sends, for tests that a secret exists in the message that leaves and nowhere else.</summary>
internal static class AtRest
{
    /// <summary>Every byte the store keeps (the database, its write-ahead log), as text.</summary>
    public static string StoredBytes(string dataDirectory)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(dataDirectory, "bookings.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }
        return text.ToString();
    }

    /// <summary>Sends what is due now, as the worker would.</summary>
    public static Task<int> SendDueAsync(IServiceProvider app) =>
        app.GetRequiredService<OutboxProcessor>().DispatchDueAsync(CancellationToken.None);

    /// <summary>
    /// The last email that left through the pickup directory (whose names sort by the time they were queued) with a subject that
    /// starts with <paramref name="subjectStart"/> and, when given, to <paramref name="to"/>.
    /// </summary>
    public static async Task<MimeMessage> SentEmailAsync(string mailDirectory, string subjectStart, string? to = null)
    {
        var files = Directory.Exists(mailDirectory) ? Directory.GetFiles(mailDirectory, "*.eml") : [];
        foreach (var file in files.OrderDescending(StringComparer.Ordinal))
        {
            var message = await MimeMessage.LoadAsync(file);
            if (message.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true
                && (to is null || message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase))))
                return message;
        }
        throw new Xunit.Sdk.XunitException($"No email '{subjectStart}…'{(to is null ? "" : " to " + to)} in {mailDirectory}.");
    }
}
