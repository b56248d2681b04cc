using Bookings.Worker.Outbox;
using Bookings.Worker.Sms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Bookings.Web.Tests.Sms.SmsTestKit;
using E164 = Bookings.Core.Notifications.PhoneNumbers;

namespace Bookings.Web.Tests.Sms;

public sealed class SmsOptionsTests
{
    private static SmsOptions Valid(Action<SmsOptions>? configure = null) => Options(SmsOptions.DefaultBaseUrl, o =>
    {
        o.Timeout = TimeSpan.FromSeconds(15);
        configure?.Invoke(o);
    });

    [Fact]
    public void SmsOptionsDefaults()
    {
        var o = new SmsOptions();
        Assert.False(o.IsConfigured);
        Assert.Equal("https://api.twilio.com", o.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(15), o.Timeout);
        Assert.Equal(3, o.RetryAttempts);
        Assert.Empty(o.Problems()); // not configured: nothing is checked
    }

    [Fact]
    public void SmsOptionsValidSettingsHaveNoProblems()
    {
        Assert.Empty(Valid().Problems());
        Assert.Empty(Valid(o => o.From = MessagingServiceSid).Problems());
        Assert.Empty(Valid(o => o.BaseUrl = "http://localhost:8080").Problems());
        Assert.Empty(Valid(o => o.BaseUrl = "http://127.0.0.1:9000/").Problems());
    }

    [Theory]
    [InlineData("From", "600100300", "Sms:From")]
    [InlineData("From", "+48 600 100 300", "Sms:From")]
    [InlineData("From", "MGnot-a-sid", "Sms:From")]
    [InlineData("From", "", "Sms:From")]
    [InlineData("AuthToken", "", "Sms:AuthToken")]
    [InlineData("AccountSid", "AC/../x", "Sms:AccountSid")]
    [InlineData("BaseUrl", "http://sms.example.com", "Sms:BaseUrl")]
    [InlineData("BaseUrl", "api.twilio.com", "Sms:BaseUrl")]
    [InlineData("BaseUrl", "https://api.twilio.com?x=1", "Sms:BaseUrl")]
    [InlineData("Timeout", "00:00:00", "Sms:Timeout")]
    [InlineData("RetryAttempts", "-1", "Sms:RetryAttempts")]
    public void SmsOptionsEachProblemNamesItsSetting(string setting, string value, string named)
    {
        var options = Valid(o =>
        {
            switch (setting)
            {
                case "From": o.From = value; break;
                case "AuthToken": o.AuthToken = value; break;
                case "AccountSid": o.AccountSid = value; break;
                case "BaseUrl": o.BaseUrl = value; break;
                case "Timeout": o.Timeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "RetryAttempts": o.RetryAttempts = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        });

        var problem = Assert.Single(options.Problems());
        Assert.Contains(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SmsAddSmsValidatesOnlyWhenConfiguredAndRegistersTheChannel()
    {
        static ServiceProvider Build(Dictionary<string, string?> settings)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection().AddLogging().AddSingleton<Bookings.Core.Store.IBookingStore>(new Worker.InMemoryOutboxStore());
            services.AddSms(configuration);
            return services.BuildServiceProvider();
        }

        using (var off = Build(new()))
        {
            Assert.False(off.GetRequiredService<IOptions<SmsOptions>>().Value.IsConfigured);
            Assert.Contains(off.GetServices<IOutboxChannel>(), c => c.Name == "sms");
        }
        using var bad = Build(new() { ["Sms:AccountSid"] = AccountSid, ["Sms:AuthToken"] = AuthToken, ["Sms:From"] = "not a number" });
        var e = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<SmsOptions>>().Value);
        Assert.Contains("Sms:From", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+48600100200", true)]
    [InlineData("+442071838750", true)]
    [InlineData("48600100200", false)]      // no +
    [InlineData("+48 600 100 200", false)]  // not in E.164 form
    [InlineData("+48-600-100-200", false)]
    [InlineData("+4860010020", false)]      // one digit short
    [InlineData("+999123456789", false)]    // no such country code
    [InlineData("", false)]
    [InlineData(null, false)]
    public void SmsPhoneNumbersIsE164(string? input, bool expected) => Assert.Equal(expected, E164.IsE164(input));

    [Theory]
    [InlineData("600 100 200", "PL", "+48600100200")]
    [InlineData("+48 600-100-200", null, "+48600100200")]
    [InlineData("020 7183 8750", "GB", "+442071838750")]
    public void SmsPhoneNumbersTryE164Normalizes(string input, string? region, string e164)
    {
        Assert.True(E164.TryE164(input, region, out var normalized, out _));
        Assert.Equal(e164, normalized);
        Assert.True(E164.IsE164(normalized));
    }
}
