using System.Security.Cryptography;
using System.Text;
using Bookings.Core.Store;
using Bookings.Web.Infrastructure;
using Bookings.Worker.Sms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using E164 = Bookings.Core.Notifications.PhoneNumbers;

namespace Bookings.Web.Api;

/// <summary>
/// The inbound SMS webhook Twilio calls when someone texts our number (set the number's "A message comes in" webhook to
/// <c>POST {PublicBaseUrl}/api/v1/sms/inbound</c>): STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT opt the sender out
/// of every SMS; START, UNSTOP, YES opt them back in; anything else is ignored. Requests are authenticated by
/// X-Twilio-Signature (HMAC-SHA1 with Sms:AuthToken over the URL Twilio called and the sorted form fields).
/// </summary>
public static partial class SmsWebhookApi
{
    public const string Path = "/api/v1/sms/inbound";

    /// <summary>The empty TwiML answer: no reply text (Twilio's own STOP handling, when on, sends its confirmation).</summary>
    public const string EmptyTwiml = """<?xml version="1.0" encoding="UTF-8"?><Response/>""";

    private static readonly HashSet<string> StopWords = new(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> StartWords = new(["START", "UNSTOP", "YES"], StringComparer.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapSmsWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Inbound)
            .WithName("SmsInbound")
            .WithTags("SMS")
            // Machine-to-machine: Twilio posts a form without any cookie or antiforgery token, and the request is
            // authenticated by its X-Twilio-Signature instead, so antiforgery does not apply here.
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Inbound(HttpContext context, IOptions<SmsOptions> sms, ISmsOptOutStore store, ILoggerFactory loggers)
    {
        var options = sms.Value;
        if (!options.IsConfigured || string.IsNullOrEmpty(options.AuthToken))
            return Problems.NotFound("sms_not_configured", "SMS is not configured on this server.");

        var request = context.Request;
        IFormCollection form;
        try
        {
            form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        }
        catch (InvalidDataException)
        {
            return Problems.BadRequest("invalid_form", "The request body is not a readable form.", "body", "Expected application/x-www-form-urlencoded, as Twilio posts.");
        }
        var url = SignedUrl(request, context.RequestServices.GetService<IOptions<WebOptions>>()?.Value.PublicBaseUrl);
        if (!IsValidSignature(options.AuthToken, url, form, request.Headers["X-Twilio-Signature"]))
        {
            LogInvalidSignature(loggers.CreateLogger(typeof(SmsWebhookApi)));
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "The request's X-Twilio-Signature is missing or does not match.",
                Detail = "Sign with Sms:AuthToken over the URL called (PublicBaseUrl + path when set) and the sorted form fields.",
                Type = "https://httpstatuses.io/403",
                Extensions = { ["code"] = "invalid_signature" },
            });
        }

        var optOut = KeywordOf(form["Body"]) switch
        {
            { } word when StopWords.Contains(word) => true,
            { } word when StartWords.Contains(word) => (bool?)false,
            _ => null,
        };
        if (optOut is { } value && E164.TryE164(form["From"], null, out var from, out _))
        {
            var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
            await store.SetSmsOptOutAsync(from, value, time.GetUtcNow(), context.RequestAborted);
            LogOptChanged(loggers.CreateLogger(typeof(SmsWebhookApi)), value ? "opted out" : "opted back in", form["MessageSid"].ToString());
        }
        return Results.Text(EmptyTwiml, "text/xml", Encoding.UTF8);
    }

    /// <summary>The first word of the message, upper-case-insensitive, without trailing punctuation ("Stop." → "Stop"); null when empty.</summary>
    internal static string? KeywordOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        var trimmed = body.Trim();
        var end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end])) end++;
        var word = trimmed[..end].TrimEnd('.', '!', ',', ';');
        return word.Length == 0 ? null : word;
    }

    /// <summary>
    /// The URL Twilio signed: PublicBaseUrl (the public address behind a proxy) + path + query when it is set, else the
    /// request's own scheme, host, path base, path and query.
    /// </summary>
    internal static string SignedUrl(HttpRequest request, string? publicBaseUrl) =>
        string.IsNullOrWhiteSpace(publicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}"
            : $"{publicBaseUrl.Trim().TrimEnd('/')}{request.Path}{request.QueryString}";

    /// <summary>Whether <paramref name="signature"/> is Twilio's signature of <paramref name="url"/> and <paramref name="form"/> (constant-time compare).</summary>
    public static bool IsValidSignature(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> form, StringValues signature)
    {
        if (signature.Count != 1 || string.IsNullOrEmpty(signature[0])) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(authToken, url, form));
        var given = Encoding.ASCII.GetBytes(signature[0]!);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>
    /// Twilio's request signature: base64(HMAC-SHA1(key: auth token, data: URL + every form field's name and value,
    /// sorted by name (then value), concatenated without separators)).
    /// </summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        var data = new StringBuilder(url);
        foreach (var (name, value) in form
            .SelectMany(field => field.Value.Select(v => (Name: field.Key, Value: v ?? "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            data.Append(name).Append(value);
        // SHA-1 is Twilio's choice for this signature (X-Twilio-Signature), not ours.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    [LoggerMessage(EventId = 4320, Level = LogLevel.Warning, Message = "SMS webhook refused: missing or invalid X-Twilio-Signature")]
    private static partial void LogInvalidSignature(ILogger logger);

    [LoggerMessage(EventId = 4321, Level = LogLevel.Information, Message = "SMS webhook: a recipient {Change} (message {MessageSid})")]
    private static partial void LogOptChanged(ILogger logger, string change, string messageSid);
}
