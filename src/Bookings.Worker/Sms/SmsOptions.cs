using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using E164 = Bookings.Core.Notifications.PhoneNumbers;

namespace Bookings.Worker.Sms;

/// <summary>
/// Settings under "Sms": the Twilio (or Twilio-compatible) REST API that sends text messages and signs the inbound
/// STOP/START webhook. SMS is off while <see cref="AccountSid"/> is empty: the "sms" outbox messages then wait (their
/// error says why) and the webhook answers 404. The settings are checked at start only when SMS is configured.
/// </summary>
public sealed partial class SmsOptions
{
    public const string Section = "Sms";
    public const string DefaultBaseUrl = "https://api.twilio.com";

    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);
    public const int MaxRetryAttempts = 10;

    /// <summary>The account SID (Twilio: AC…); the user name of HTTP Basic auth and part of the API path. Empty: SMS is off.</summary>
    public string AccountSid { get; set; } = "";

    /// <summary>The auth token: the password of HTTP Basic auth and the key of X-Twilio-Signature (keep it in a secret store).</summary>
    public string AuthToken { get; set; } = "";

    /// <summary>The sender: an E.164 number (+48600100200) sent as <c>From</c>, or a messaging service SID (MG…) sent as <c>MessagingServiceSid</c>.</summary>
    public string From { get; set; } = "";

    /// <summary>The API's base URL: https, or http only to a loopback host (tests, a local relay).</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>How long one attempt (connect, send, answer) may take. An attempt that times out is not retried: the provider may have accepted it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries within one send, only of 429 (after its Retry-After) and of connections that failed before the request was sent.</summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>Whether SMS is on (an account SID is set).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid);

    /// <summary>Whether <see cref="From"/> is a messaging service SID (sent as MessagingServiceSid) rather than a number.</summary>
    public bool FromIsMessagingService => IsMessagingServiceSid(From);

    public static bool IsMessagingServiceSid(string? value) => value is not null && MessagingServiceSid().IsMatch(value);

    /// <summary>Every problem with these settings, each naming its setting; empty when they can be used (or SMS is off).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!IsConfigured) return problems;
        if (!AccountSidPattern().IsMatch(AccountSid))
            problems.Add("Sms:AccountSid must be the provider's account SID (letters and digits only, e.g. AC followed by 32 hexadecimal digits).");
        if (string.IsNullOrWhiteSpace(AuthToken))
            problems.Add("Sms:AuthToken is required when Sms:AccountSid is set (the account's auth token; it also verifies the inbound webhook).");
        if (string.IsNullOrWhiteSpace(From))
            problems.Add("Sms:From is required when Sms:AccountSid is set: the sender number in E.164 (+48600100200) or a messaging service SID (MG…).");
        else if (!E164.IsE164(From) && !IsMessagingServiceSid(From))
            problems.Add("Sms:From must be a valid number in E.164 form (+ and digits only, e.g. +48600100200) or a messaging service SID (MG and 32 hexadecimal digits).");
        if (!IsValidBaseUrl(BaseUrl))
            problems.Add("Sms:BaseUrl must be an absolute https URL without query (e.g. https://api.twilio.com); http is allowed only to a loopback host.");
        if (Timeout < MinTimeout || Timeout > MaxTimeout)
            problems.Add("Sms:Timeout must be between 00:00:01 and 00:05:00.");
        if (RetryAttempts is < 0 or > MaxRetryAttempts)
            problems.Add($"Sms:RetryAttempts must be between 0 and {MaxRetryAttempts}.");
        return problems;
    }

    /// <summary>An absolute https URL (or http to localhost, 127.0.0.0/8, ::1), without user info, query or fragment.</summary>
    public static bool IsValidBaseUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)) return false;
        if (uri.IsFile || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)) return false;
        if (uri.Scheme == Uri.UriSchemeHttps) return !string.IsNullOrEmpty(uri.Host);
        return uri.Scheme == Uri.UriSchemeHttp && Mail.SmtpOptions.IsLoopback(uri.Host);
    }

    [GeneratedRegex(@"^[A-Za-z0-9]{2,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex(@"^MG[0-9a-fA-F]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MessagingServiceSid();
}

/// <summary>Checks "Sms" at start, only when SMS is configured (Sms:AccountSid set); each failure names its setting.</summary>
public sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured) return ValidateOptionsResult.Skip;
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
