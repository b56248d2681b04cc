using System.Net;
using System.Text;
using Bookings.Core.Store;
using Bookings.GraphEmulation;
using Bookings.Store.Graph;
using Bookings.Store.Graph.Claims;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Records;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// What only the Microsoft 365 store has beside the history contract (Contract/HistoryContractTests.cs): holds (seat records not yet
/// settled) are not listed, and a listing is one calendarView.
/// </summary>
public sealed class GraphHistoryTests : GraphOnlyTests
{
    private async Task<Appointment> BookAsync(BookingCommand command) =>
        (await Store.BookAsync(command, NoMessages) as BookOutcome.Booked
            ?? throw new Xunit.Sdk.XunitException("Expected Booked.")).Appointment;

    [Theory, MemberData(nameof(GraphStores))]
    public async Task HoldsAreNotListedAndAListingIsOneCalendarView(string store)
    {
        Open(store);
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        // A live hold (a claim between its POST and its settle) and one left behind by a crash: neither is an appointment.
        await PostHoldAsync(mailbox.Id, Consult(mailbox, Tuesday(10)), ClaimOrder.New(Time.GetUtcNow()));
        await PostHoldAsync(mailbox.Id, Consult(mailbox, Tuesday(11), "piotr"), ClaimOrder.New(Time.GetUtcNow() - ClaimRule.AbandonedAfter - TimeSpan.FromMinutes(1)));
        Assert.Equal(3, Graph.EventsOf(mailbox.Id).Count);
        Graph.ResetCounters();

        var history = await Store.ListAppointmentHistoryAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1));

        Assert.Equal([booked.Id], history.Select(a => a.Id));
        Assert.Equal(1, Graph.TotalRequests);
        Assert.Equal(1, Graph.RequestsOfKind(GraphEmulator.Kinds.CalendarView));
    }

    /// <summary>A seat record in state hold, as the store's claim writes it (SeatRecords.New with the default property set).</summary>
    private async Task PostHoldAsync(string mailboxId, BookingCommand command, ClaimOrder order)
    {
        var records = new SeatRecords(new ItemProperties(new GraphStoreOptions().PropertySetId));
        var data = new SeatData(command.NewAppointmentId, command.ServiceId, command.StaffId, command.Start, command.End, command.PreBuffer,
            command.PostBuffer, command.Seats, $"{command.NewAppointmentId}@bookings.local", Sequence: 0, CreatedAt: order.At, Version: "v1", command.Attendee);
        var body = records.New(data, order, "Hold", SeatState.Hold);
        using var http = Graph.CreateClient();
        using var response = await http.PostAsync($"users/{Uri.EscapeDataString(mailboxId)}/calendar/events",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
