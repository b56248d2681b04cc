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
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var error = BookingStart.TooSoon(now.AddHours(1), now, TimeSpan.FromHours(2))!;
        var polish = PageText.Pl.Error(error);
        Assert.Equal("Ten termin jest zbyt bliski, aby go zarezerwować.", polish.Title);
        Assert.Equal("Rezerwacji trzeba dokonać co najmniej 2 godziny wcześniej.", polish.Detail);
        Assert.Equal("inside_minimum_lead_time", polish.Code);

        var cancel = PageText.Pl.Error(BookingError.Rule(ErrorCodes.InsideMinimumLeadTime, ErrorVariants.Cancel,
            ErrorArgs.Of((ErrorArgs.Duration, ErrorArgs.Minutes(TimeSpan.FromDays(1)))))).Detail;
        Assert.Equal("Anulować można najpóźniej 1 dzień przed terminem; skontaktuj się z firmą.", cancel);
        var tooLong = BookingError.Rule(ErrorCodes.ValidationFailed,
            errors: BookingError.Field("customer.name", FieldCodes.TooLong, ErrorArgs.Of((ErrorArgs.Max, "100"))));
        Assert.Equal("Najwyżej 100 znaków.", PageText.Pl.Error(tooLong).Errors!["customer.name"].Single());
    }

    [Fact]
    public void ErrorOfAnUnknownCodeIsRefusedPlainlyWhileItsFieldsAreTranslated()
    {
        var error = BookingError.Invalid("something_new", errors: BookingError.Field("customer.email", FieldCodes.EmailInvalid));
        var english = PageText.En.Error(error);
        Assert.Equal("something_new", english.Code);
        Assert.Equal(ErrorText.En.Refused.Title, english.Title);
        Assert.Equal("This is not a valid email address.", english.Errors!["customer.email"].Single());
        var polish = PageText.Pl.Error(error);
        Assert.Equal(ErrorText.Pl.Refused.Title, polish.Title);
        Assert.Equal("To nie jest prawidłowy adres e-mail.", polish.Errors!["customer.email"].Single());
    }
}
