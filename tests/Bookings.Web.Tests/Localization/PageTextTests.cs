using Bookings.Core.Booking;
using Bookings.Web.Localization;

namespace Bookings.Web.Tests.Localization;

public sealed class PageTextTests
{
    [Theory]
    [InlineData(1, "miejsce")]
    [InlineData(2, "miejsca")]
    [InlineData(4, "miejsca")]
    [InlineData(5, "miejsc")]
    [InlineData(12, "miejsc")]
    [InlineData(14, "miejsc")]
    [InlineData(22, "miejsca")]
    [InlineData(25, "miejsc")]
    public void PluralPolishCountTakesItsForm(int n, string expected) =>
        Assert.Equal(expected, PageText.Plural(n, "miejsce", "miejsca", "miejsc"));

    [Theory]
    [InlineData(30, "30 minutes", "30 minut")]
    [InlineData(1, "1 minute", "1 minuta")]
    [InlineData(2, "2 minutes", "2 minuty")]
    [InlineData(60, "1 hour", "1 godzina")]
    [InlineData(120, "2 hours", "2 godziny")]
    [InlineData(300, "5 hours", "5 godzin")]
    [InlineData(90, "1 hour 30 minutes", "1 godz. 30 min")]
    public void DurationInEachLanguageReadsNaturally(int minutes, string english, string polish)
    {
        Assert.Equal(english, PageText.En.Duration(TimeSpan.FromMinutes(minutes)));
        Assert.Equal(polish, PageText.Pl.Duration(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void ErrorKnownSentencesAreTranslatedWithTheirNumbers()
    {
        var error = BookingError.Rule("inside_minimum_lead_time", "This time is too soon to book.", "Bookings must be made at least 2 hours ahead.");
        var polish = PageText.Pl.Error(error);
        Assert.Equal("Ten termin jest zbyt bliski, aby go zarezerwować.", polish.Title);
        Assert.Equal("Rezerwacji trzeba dokonać co najmniej 2 godziny wcześniej.", polish.Detail);
        Assert.Equal("inside_minimum_lead_time", polish.Code);

        var cancel = PageText.Pl.Sentence("Cancellations must be made at least 1 day ahead; please contact the business.");
        Assert.Equal("Anulować można najpóźniej 1 dzień przed terminem; skontaktuj się z firmą.", cancel);
        Assert.Equal("Najwyżej 100 znaków.", PageText.Pl.Sentence("At most 100 characters."));
    }

    [Fact]
    public void ErrorInEnglishOrUnknownStaysAsItCame()
    {
        var error = BookingError.BadRequest("something_new", "Something new went wrong.",
            new Dictionary<string, string[]> { ["customer.email"] = ["This is not a valid email address."] });
        Assert.Same(error, PageText.En.Error(error));
        var polish = PageText.Pl.Error(error);
        Assert.Equal("Something new went wrong.", polish.Title);
        Assert.Equal("To nie jest prawidłowy adres e-mail.", polish.Errors!["customer.email"].Single());
    }
}
