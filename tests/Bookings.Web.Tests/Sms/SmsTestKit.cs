using Bookings.Worker.Sms;

namespace Bookings.Web.Tests.Sms;

internal static class SmsTestKit
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "test-auth-token-0123456789";
    public const string FromNumber = "+48600100300";
    public const string MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";
    public const string CustomerNumber = "+48600100200";

    public static SmsOptions Options(string baseUrl, Action<SmsOptions>? configure = null)
    {
        var options = new SmsOptions
        {
            AccountSid = AccountSid,
            AuthToken = AuthToken,
            From = FromNumber,
            BaseUrl = baseUrl,
            Timeout = SmsOptions.MaxTimeout, // fake time is advanced in steps: keep the per-attempt timeout out of the way
            RetryAttempts = 3,
        };
        configure?.Invoke(options);
        return options;
    }
}
