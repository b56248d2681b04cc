using System.Net;

namespace Bookings.Worker.Sms;

/// <summary>Sends one text message through the SMS provider.</summary>
public interface ISmsSender
{
    /// <summary>Sends <paramref name="body"/> to <paramref name="to"/> (E.164); returns the provider's message SID. Throwing means "not sent (as far as we know)".</summary>
    Task<string> SendAsync(string to, string body, CancellationToken ct);
}

/// <summary>
/// The SMS provider answered with an error (or kept throttling). Its message holds the HTTP status and the provider's
/// numeric error code, never the number or the text (it ends up in the outbox's last error).
/// </summary>
public sealed class SmsProviderException(HttpStatusCode status, int? errorCode, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The provider's numeric error code (Twilio: 21211 invalid To number, 21610 recipient unsubscribed, …), when it gave one.</summary>
    public int? ErrorCode { get; } = errorCode;

    /// <summary>A 4xx other than 429: the provider refused this message; sending it again as it is will not help.</summary>
    public bool IsRejected => (int)Status is >= 400 and < 500 && Status != HttpStatusCode.TooManyRequests;
}
