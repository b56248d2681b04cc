using Bookings.Core.Calendars;

namespace Bookings.Core.Demo;

/// <summary>The demo calendar seeded on first start; also the calendar document's worked example.</summary>
public static class DemoCalendar
{
    public static string Json()
    {
        using var stream = typeof(DemoCalendar).Assembly.GetManifestResourceStream("Bookings.Core.Demo.contoso.json")
            ?? throw new InvalidOperationException("The demo calendar resource is missing from Bookings.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static CalendarDocument Create() => CalendarJson.Parse(Json());
}
