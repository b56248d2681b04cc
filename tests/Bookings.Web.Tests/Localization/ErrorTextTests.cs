using System.Reflection;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Web.Localization;

namespace Bookings.Web.Tests.Localization;

public sealed class ErrorTextTests
{
    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void EveryCodeCoreRefusesWithHasAnEntryInBothLanguages()
    {
        foreach (var code in Constants(typeof(ErrorCodes)))
            foreach (var variant in Constants(typeof(ErrorVariants)).Prepend(null))
            {
                var error = new BookingError(BookingErrorKind.Rule, code, variant, ErrorArgs.Of((ErrorArgs.Duration, "60"), (ErrorArgs.Value, "x")));
                Assert.True(ErrorText.En.Knows(error), $"{code}/{variant} has no English entry");
                Assert.True(ErrorText.Pl.Knows(error), $"{code}/{variant} has no Polish entry");
            }
    }

    [Fact]
    public void EveryFieldCodeHasItsOwnMessage()
    {
        foreach (var code in Constants(typeof(FieldCodes)).Where(c => c != FieldCodes.Invalid))
        {
            var error = BookingError.Rule(ErrorCodes.ValidationFailed, errors: BookingError.Field("f", code, ErrorArgs.Of((ErrorArgs.Max, "3"))));
            Assert.NotEqual(ErrorText.En.Invalid, ErrorText.En.Render(error).Errors!["f"].Single());
            Assert.NotEqual(ErrorText.Pl.Invalid, ErrorText.Pl.Render(error).Errors!["f"].Single());
        }
    }

    [Fact]
    public void ARefusalOfAManageLinkNamesTheBusinessInEachLanguage()
    {
        var calendar = new CalendarDocument { DisplayName = "Contoso", Phone = "+48 600 100 200", Email = "hello@contoso.example" };
        var error = ManageHandler.ManageNotAllowed(calendar);
        Assert.Equal("Please contact Contoso to change or cancel it: +48 600 100 200, hello@contoso.example.", ErrorText.En.Render(error).Detail);
        Assert.Equal("Aby ją zmienić lub anulować, skontaktuj się z: Contoso, +48 600 100 200, hello@contoso.example.", ErrorText.Pl.Render(error).Detail);
    }

    [Fact]
    public void ADateThatDoesNotExistIsSaidWithTheDateAsWritten()
    {
        var error = BookingStart.Nonexistent("20270229T1000Z")!;
        Assert.Equal(BookingErrorKind.Invalid, error.Kind);
        Assert.Equal("The date 2027-02-29 does not exist.", ErrorText.En.Render(error).Title);
        Assert.Equal("There is no such day in the calendar.", ErrorText.En.Render(error).Errors!["start"].Single());
        Assert.Equal("Data 2027-02-29 nie istnieje.", ErrorText.Pl.Render(error).Title);
        Assert.Equal("Godzina 25:00 nie istnieje.", ErrorText.Pl.Render(BookingStart.Nonexistent("2027-03-01T25:00:00Z")!).Title);
    }
}
