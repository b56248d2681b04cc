using System.Globalization;
using Bookings.Core.Notifications;
using Bookings.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Bookings.Worker.Mail;

/// <summary>
/// Writes each email as an .eml file (the default when no mail server is configured). Names sort by
/// the time the message was queued and end in a hash of its deduplication key, so a resend replaces
/// the same file instead of adding a second one.
/// </summary>
public sealed class PickupDirectoryEmailSender(IOptions<MailOptions> mail, IOptions<StoreOptions> store) : IEmailSender
{
    private static readonly FormatOptions Rfc5322 = CrLf();

    public string Directory { get; } = mail.Value.ResolvePickupDirectory(store.Value);

    /// <summary>Writes the .eml, from the calendar's mailbox when it is deliverable (<see cref="MailOptions.SenderFor"/>).</summary>
    public async Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct)
    {
        var mime = MimeMessages.Create(message, mail.Value.SenderFor(mailboxId), deduplicationKey, queuedAt);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, FileName(deduplicationKey, queuedAt));

        // Written beside the target and renamed over it: a pickup reader never sees half a file.
        var temp = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384, FileOptions.Asynchronous))
            {
                await mime.WriteToAsync(Rfc5322, stream, ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static string FileName(string deduplicationKey, DateTimeOffset queuedAt) =>
        queuedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + MimeMessages.KeyHash(deduplicationKey)[..24] + ".eml";

    private static FormatOptions CrLf()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
