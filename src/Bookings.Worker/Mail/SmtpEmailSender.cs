using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bookings.Core.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Bookings.Worker.Mail;

/// <summary>
/// Sends each email to the SMTP server of Mail:Smtp, from Mail:From, as the message <see cref="MimeMessages.Create"/>
/// builds (the same bytes the pickup sender writes): its Message-ID comes from the deduplication key, so a resend
/// after a lost answer is recognisably the same message.
/// <para>
/// One connection per email: connect (with Mail:Smtp:Security), authenticate when Mail:Smtp:UserName is set, send,
/// QUIT. The outbox sends one message at a time and seldom, so a pooled connection would save a handshake now and
/// then but would have to notice the server dropping it while idle; a fresh one never does.
/// </para>
/// <para>
/// Failures throw <see cref="SmtpTransientException"/> (4xx answers, lost connections, timeouts) or
/// <see cref="SmtpPermanentException"/> (5xx answers, refused credentials, no STARTTLS, TLS failures); the outbox
/// tries both again later with its backoff. Their messages carry the SMTP status code but never the server's text,
/// which often quotes an address.
/// </para>
/// </summary>
public sealed class SmtpEmailSender(IOptions<MailOptions> mail, IOptions<SmtpOptions> smtp) : IEmailSender
{
    /// <summary>Sends the email; <paramref name="mailboxId"/> is not used (the sender is Mail:From).</summary>
    public async Task SendAsync(EmailMessage message, string mailboxId, string deduplicationKey, DateTimeOffset queuedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(deduplicationKey);

        // Refuses an invalid recipient before anything is sent.
        var mime = MimeMessages.Create(message, mail.Value.SenderFor(mailboxId), deduplicationKey, queuedAt);
        var options = smtp.Value;

        using var client = new SmtpClient();
        client.Timeout = (int)Math.Clamp(options.Timeout.TotalMilliseconds, 1, int.MaxValue);
        try
        {
            await client.ConnectAsync(options.Host.Trim(), options.Port, SocketOptions(options.Security), ct);
            if (!string.IsNullOrEmpty(options.UserName))
                await client.AuthenticateAsync(new NetworkCredential(options.UserName, options.Password), ct);
            await client.SendAsync(mime, ct);
        }
        catch (Exception e) when (Failure(e, options, ct) is { } failure)
        {
            throw failure;
        }

        // The server has accepted the message: a failing QUIT must not make the outbox send it again.
        try
        {
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException
            or OperationCanceledException or TimeoutException)
        {
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls, // fails when the server does not offer STARTTLS
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Mail:Smtp:Security must be StartTls, SslOnConnect or None."),
    };

    /// <summary>
    /// The exception to throw instead of <paramref name="e"/>, or null to let it pass (cancellation by
    /// <paramref name="ct"/>, argument errors). The server's own text is left out: it can quote an address.
    /// </summary>
    private static SmtpSendException? Failure(Exception e, SmtpOptions options, CancellationToken ct)
    {
        switch (e)
        {
            case OperationCanceledException when ct.IsCancellationRequested:
                return null;
            case SmtpCommandException command:
                var code = (int)command.StatusCode;
                var what = command.ErrorCode switch
                {
                    SmtpErrorCode.RecipientNotAccepted => "the server refused the recipient",
                    SmtpErrorCode.SenderNotAccepted => "the server refused the sender (Mail:From)",
                    SmtpErrorCode.MessageNotAccepted => "the server refused the message",
                    _ => "the server refused a command",
                };
                return code is >= 400 and < 500
                    ? new SmtpTransientException($"SMTP send failed (transient): {what} with {Code(code)}.", code)
                    : new SmtpPermanentException($"SMTP send failed (permanent): {what} with {Code(code)}.", code);
            case AuthenticationException:
                // A refused AUTH (535) or a failed SASL exchange; MailKit keeps the status only in the server's text.
                return new SmtpPermanentException("SMTP send failed (permanent): the server refused the credentials (Mail:Smtp:UserName, Mail:Smtp:Password).", null);
            case SslHandshakeException tls:
                return new SmtpPermanentException(
                    $"SMTP send failed (permanent): the TLS handshake with the server failed (certificate or protocol; Mail:Smtp:Security={options.Security}).", null, tls.InnerException);
            case NotSupportedException when options.Security == SmtpSecurity.StartTls && e.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase):
                return new SmtpPermanentException("SMTP send failed (permanent): the server does not offer STARTTLS (Mail:Smtp:Security=StartTls).", null);
            case NotSupportedException:
                // No AUTH offered when Mail:Smtp:UserName is set, or an address the server cannot take (SMTPUTF8).
                return new SmtpPermanentException("SMTP send failed (permanent): the server does not support what the message or Mail:Smtp needs (authentication or SMTPUTF8).", null);
            case SmtpProtocolException:
                return new SmtpTransientException("SMTP send failed (transient): the server broke the protocol or closed the connection.", null);
            case TimeoutException or OperationCanceledException:
                return new SmtpTransientException(
                    $"SMTP send failed (transient): no answer within Mail:Smtp:Timeout ({options.Timeout.ToString("c", CultureInfo.InvariantCulture)}).", null);
            case SocketException socket:
                return new SmtpTransientException($"SMTP send failed (transient): connection error {socket.SocketErrorCode}.", null, socket);
            case IOException io when io.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut }:
                return new SmtpTransientException(
                    $"SMTP send failed (transient): no answer within Mail:Smtp:Timeout ({options.Timeout.ToString("c", CultureInfo.InvariantCulture)}).", null);
            case IOException io:
                var error = io.InnerException is SocketException inner ? $" {inner.SocketErrorCode}" : "";
                return new SmtpTransientException($"SMTP send failed (transient): I/O error{error} talking to the server.", null, io);
            default:
                return null;
        }

        static string Code(int code) => code.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The SMTP send failed. The message says whether it is transient or permanent and gives the SMTP status code
/// when there is one; it never carries an address or any content of the email, so it can be logged.
/// </summary>
public abstract class SmtpSendException(string message, int? statusCode, Exception? inner)
    : Exception(message, inner)
{
    /// <summary>The SMTP reply code (e.g. 421, 550) when the server answered with one.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>True when the same send may well succeed later without any change (4xx, network, timeout).</summary>
    public abstract bool IsTransient { get; }
}

/// <summary>A failure that may pass by itself: a 4xx answer, a lost or refused connection, a timeout.</summary>
public sealed class SmtpTransientException(string message, int? statusCode, Exception? inner = null)
    : SmtpSendException(message, statusCode, inner)
{
    public override bool IsTransient => true;
}

/// <summary>A failure that needs a change first: a 5xx answer (e.g. 550 unknown recipient), refused credentials, TLS problems.</summary>
public sealed class SmtpPermanentException(string message, int? statusCode, Exception? inner = null)
    : SmtpSendException(message, statusCode, inner)
{
    public override bool IsTransient => false;
}
