using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph;
using Bookings.Store.Tests.Contract;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Graph;

/// <summary>The history contract against the Microsoft 365 store on a fake Graph, and what only it has: holds and the request count.</summary>
[Collection(WireMockServers.Name)]
public sealed class GraphHistoryContractTests : HistoryContractTests
{
    private FakeGraph? _graph;
    private HttpClient? _http;

    protected override Task<IBookingStore> CreateStoreAsync()
    {
        _graph = new FakeGraph(Time);
        _http = _graph.CreateClient();
        return Task.FromResult<IBookingStore>(new GraphBookingStore(_http, Time, new GraphStoreOptions()));
    }

    [Fact]
    public async Task HoldsAreNotListedAndAListingIsOneCalendarView()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        // A live hold (an instance between its POST and its confirm) and one left behind by a crash: neither is an appointment.
        await PostHoldAsync(mailbox.Id, Consult(mailbox, Tuesday(10)));
        await PostHoldAsync(mailbox.Id, Consult(mailbox, Tuesday(11), "piotr"));
        Assert.Equal(3, _graph!.EventsOf(mailbox.Id).Count);
        _graph.ResetCounters();

        var history = await Store.ListAppointmentHistoryAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1));

        Assert.Equal([booked.Id], history.Select(a => a.Id));
        Assert.Equal(1, _graph.TotalRequests);
        Assert.Equal(1, _graph.RequestsOfKind(FakeGraph.Kinds.CalendarView));
    }

    private async Task PostHoldAsync(string mailboxId, BookingCommand command)
    {
        // The shape GraphBookingStore writes for a hold, with the property set of the default options.
        var options = new GraphStoreOptions();
        string Id(string name) => $"String {{{options.PropertySetId}}} Name {name}";
        var data = $$"""{"appointmentId":"{{command.NewAppointmentId}}","serviceId":"consult","staffId":"{{command.StaffId}}","start":"{{command.Start:O}}","end":"{{command.End:O}}","preBuffer":"00:00:00","postBuffer":"00:00:00","seats":1,"icsUid":"x","sequence":0,"version":"v","createdAt":"{{Now:O}}","attendees":[]}""";
        var body = new JsonObject
        {
            ["subject"] = "hold",
            ["start"] = new JsonObject { ["dateTime"] = command.Start.UtcDateTime.ToString("s"), ["timeZone"] = "UTC" },
            ["end"] = new JsonObject { ["dateTime"] = command.End.UtcDateTime.ToString("s"), ["timeZone"] = "UTC" },
            ["singleValueExtendedProperties"] = new JsonArray(
                new JsonObject { ["id"] = Id("Kind"), ["value"] = "appointment" },
                new JsonObject { ["id"] = Id("State"), ["value"] = "hold" },
                new JsonObject { ["id"] = Id("Data"), ["value"] = data }),
        };
        using var http = _graph!.CreateClient();
        var response = await http.PostAsync($"users/{Uri.EscapeDataString(mailboxId)}/calendar/events", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _http?.Dispose();
        _graph?.Dispose();
    }
}
