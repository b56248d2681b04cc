using Bookings.Core.Calendars;

namespace Bookings.Core.Tests.Calendars;

public class AddressesTests
{
    [Theory]
    [InlineData("jan@example.com")]
    [InlineData("jan.kowalski+bookings@mail.example.pl")]
    public void AnOrdinaryEmailAddressIsValid(string address)
    {
        Assert.True(EmailAddress.IsValid(address));
        Assert.True(MailboxAddress.IsValid(address));
    }

    [Theory]
    [InlineData("jan@example.com\n")]
    [InlineData("jan@example.com\r\n")]
    [InlineData("\njan@example.com")]
    [InlineData("jan@example.com\nBcc: eve@example.com")]
    [InlineData("jan@exam\nple.com")]
    public void AnEmailAddressWithALineBreakIsInvalid(string address)
    {
        Assert.False(EmailAddress.IsValid(address));
        Assert.False(MailboxAddress.IsValid(address));
    }

    [Theory]
    [InlineData("+48 600 100 200\n")]
    [InlineData("600100200\n")]
    [InlineData("600\n100200")]
    public void APhoneNumberWithALineBreakIsInvalid(string number)
    {
        Assert.True(PhoneNumber.IsValid(number.Replace("\n", "", StringComparison.Ordinal)));
        Assert.False(PhoneNumber.IsValid(number));
    }
}
