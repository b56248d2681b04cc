using System.ComponentModel.DataAnnotations;
using Bookings.Worker.Sync.Feeds;

namespace Bookings.Web.Tests.Worker.Feeds;

public class FeedOptionsTests
{
    private static List<ValidationResult> Validate(FeedOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void DefaultsAreValidAndSafe()
    {
        var options = new FeedOptions();

        Assert.Empty(Validate(options));
        Assert.False(options.AllowPrivateAddresses);
        Assert.Equal(5 * 1024 * 1024, options.MaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Equal(5, options.MaxRedirects);
        Assert.Equal(3, options.RetryAttempts);
        Assert.Equal(TimeSpan.FromMinutes(5), options.BreakDuration);
    }

    [Theory]
    [InlineData(nameof(FeedOptions.MaxBytes))]
    [InlineData(nameof(FeedOptions.Timeout))]
    [InlineData(nameof(FeedOptions.MaxRedirects))]
    [InlineData(nameof(FeedOptions.RetryAttempts))]
    [InlineData(nameof(FeedOptions.BreakDuration))]
    [InlineData(nameof(FeedOptions.BreakAfterFailures))]
    public void OutOfRangeFailsNamingTheSetting(string setting)
    {
        var options = new FeedOptions();
        switch (setting)
        {
            case nameof(FeedOptions.MaxBytes): options.MaxBytes = 10_000_000_000; break;
            case nameof(FeedOptions.Timeout): options.Timeout = TimeSpan.Zero; break;
            case nameof(FeedOptions.MaxRedirects): options.MaxRedirects = -1; break;
            case nameof(FeedOptions.RetryAttempts): options.RetryAttempts = 11; break;
            case nameof(FeedOptions.BreakDuration): options.BreakDuration = TimeSpan.FromDays(2); break;
            case nameof(FeedOptions.BreakAfterFailures): options.BreakAfterFailures = 1; break;
        }

        var error = Assert.Single(Validate(options));
        Assert.Contains("Sync:Feeds:" + setting, error.ErrorMessage, StringComparison.Ordinal);
    }
}
