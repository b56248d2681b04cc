using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Bookings.Store.Graph.Transport;

/// <summary>
/// The transport's log events. They carry the method, the status, the attempt and the delay; a mailbox
/// only as a short hash (<see cref="MailboxHash"/>); never paths, tokens or bodies.
/// </summary>
internal static partial class GraphTransportLog
{
    public const string Category = "Bookings.Store.Graph.Transport";

    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning,
        Message = "Graph {Method} for mailbox {MailboxHash} answered {Outcome}; retry {Attempt} of {MaxRetries} in {Delay}")]
    public static partial void Retrying(ILogger logger, string method, string mailboxHash, string outcome, int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Error,
        Message = "Graph {Method} for mailbox {MailboxHash} still failed after {Attempts} attempts: {Outcome}")]
    public static partial void GaveUp(ILogger logger, string method, string mailboxHash, int attempts, string outcome);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug,
        Message = "Acquired a Graph access token for {Scope}, valid until {ExpiresOn}")]
    public static partial void TokenAcquired(ILogger logger, string scope, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning,
        Message = "Graph answered 401 Unauthorized; the cached access token is dropped")]
    public static partial void TokenRejected(ILogger logger);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Debug,
        Message = "Graph {Method} for mailbox {MailboxHash} waits for one of its {Limit} request slots")]
    public static partial void WaitingForSlot(ILogger logger, string method, string mailboxHash, int limit);

    /// <summary>"-" for no mailbox, else the first 8 hex digits of SHA-256 of the lower-cased address.</summary>
    public static string MailboxHash(string? mailbox)
    {
        if (string.IsNullOrEmpty(mailbox)) return "-";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(mailbox.ToLowerInvariant()), hash);
        return Convert.ToHexStringLower(hash[..4]);
    }
}
