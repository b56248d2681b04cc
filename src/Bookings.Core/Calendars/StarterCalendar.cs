namespace Bookings.Core.Calendars;

/// <summary>
/// The document of a new calendar: Monday–Friday 09:00–17:00 and one 30-minute service, so its booking page works at once
/// (the CLI's `calendars create` and the admin app's "New calendar").
/// </summary>
public static class StarterCalendar
{
    public static readonly IReadOnlyList<DayOfWeek> Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <param name="slug">The calendar's slug.</param>
    /// <param name="name">The business name customers see.</param>
    /// <param name="zone">The business time zone, IANA or Windows id (a Windows id is stored as its IANA id).</param>
    /// <param name="mailbox">An existing mailbox to adopt, or null for a new one.</param>
    /// <param name="languageTag">The calendar's language (en-US, pl-PL); the service's name follows it.</param>
    public static CalendarDocument Build(string slug, string name, string zone, string? mailbox = null, string languageTag = "en-US")
    {
        var polish = languageTag.StartsWith("pl", StringComparison.OrdinalIgnoreCase);
        return new CalendarDocument
        {
            Id = mailbox,
            Slug = slug,
            DisplayName = name,
            LanguageTag = languageTag,
            DefaultCurrencyIso = polish ? "PLN" : "USD",
            BookingPageSettings = new BookingPageSettings { BusinessTimeZone = Time.TimeZones.ToIana(zone) ?? zone },
            BusinessHours = [.. Weekdays.Select(d => new BookingWorkHours
            {
                Day = d,
                TimeSlots = [new BookingWorkTimeSlot { StartTime = TimeSpan.FromHours(9), EndTime = TimeSpan.FromHours(17) }],
            })],
            Services = [new BookingService
            {
                Id = "appointment",
                DisplayName = polish ? "Wizyta" : "Appointment",
                DefaultDuration = TimeSpan.FromMinutes(30),
            }],
        };
    }
}
