using System.Text.Json.Nodes;

namespace Bookings.Store.Tests.Graph;

public sealed partial class FakeGraph
{
    /// <summary>
    /// As Exchange does when an event is written with isOnlineMeeting true and the teamsForBusiness provider: the event
    /// gets an onlineMeeting with a join URL (kept across later writes).
    /// </summary>
    private static void MakeOnlineMeeting(JsonObject ev)
    {
        if (ev["isOnlineMeeting"]?.GetValue<bool>() != true || ev["onlineMeetingProvider"]?.GetValue<string>() != "teamsForBusiness") return;
        if (ev["onlineMeeting"] is JsonObject) return;
        ev["onlineMeeting"] = new JsonObject
        {
            ["joinUrl"] = $"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{ev["id"]!.GetValue<string>()}%40thread.v2/0",
        };
    }
}
