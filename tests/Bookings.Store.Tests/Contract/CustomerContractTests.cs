using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// Customers (<see cref="IAppointmentStore.ListCustomersAsync"/>): one per address and mailbox, reused with the latest details.
/// </summary>
public sealed class CustomerContractTests : BookingSuite
{
    [Theory, MemberData(nameof(Stores))]
    public async Task TheSameEmailReusesTheCustomerWithTheLatestDetails(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Consult(mailbox, Tuesday(9), email: "Ola@Example.com"));
        var again = Consult(mailbox, Tuesday(11), email: "ola@example.com");
        again = again with { Customer = again.Customer with { Name = "Ola Nowak", Phone = "+48 600 100 200" } };

        var second = await BookAsync(again);

        var customer = Assert.Single(await Appointments.ListCustomersAsync(mailbox.Id));
        Assert.Equal(first.Attendee.CustomerId, customer.Id);
        Assert.Equal(customer.Id, second.Attendee.CustomerId);
        Assert.Equal("Ola Nowak", customer.Name);
        Assert.Equal("+48 600 100 200", customer.Phone);
        Assert.Equal(mailbox.Id, customer.MailboxId);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task CustomersOfAnotherMailboxAreNotReused(string store)
    {
        await OpenAsync(store);
        var contoso = await CreateMailboxAsync();
        var fabrikam = await CreateMailboxAsync("fabrikam");
        await BookAsync(Consult(contoso, Tuesday(9), email: "ola@example.com"));

        await BookAsync(Consult(fabrikam, Tuesday(9), email: "ola@example.com"));

        Assert.Single(await Appointments.ListCustomersAsync(contoso.Id));
        Assert.Single(await Appointments.ListCustomersAsync(fabrikam.Id));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task TheStoredAttendeeCarriesTheReusedCustomersId(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Consult(mailbox, Tuesday(9), email: "ola@example.com"));
        Attendee? seen = null;

        var second = await BookAsync(Consult(mailbox, Tuesday(10), email: "ola@example.com"), (_, att) =>
        {
            seen = att;
            return [];
        });

        Assert.Equal(first.Attendee.CustomerId, seen?.CustomerId);
        Assert.Equal(first.Attendee.CustomerId, second.Appointment.Attendees.Single().CustomerId);
    }
}
