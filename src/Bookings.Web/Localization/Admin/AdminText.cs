namespace Bookings.Web.Localization;

/// <summary>
/// Every word the admin app shows, once in English and once in Polish, in the shape of <see cref="PageText"/>: one instance per
/// language, a required property per text. A typed catalogue rather than resource files: the compiler refuses an instance that lacks
/// a text, so neither language can fall behind; sentences with a number or a name are functions, so that each language orders and
/// inflects them its own way; and the two languages sit side by side in one file, so a review sees both. The texts are grouped by
/// area of the app (one file each in this folder); <see cref="Common"/> holds those more than one area uses.
/// </summary>
public sealed partial class AdminText
{
    public required string Code { get; init; }
    public required CommonText Common { get; init; }
    public required HomeText Home { get; init; }
    public required AgendaText Agenda { get; init; }
    public required ServicesText Services { get; init; }
    public required StaffPagesText Staff { get; init; }
    public required SettingsText Settings { get; init; }

    public bool IsPolish => Code == "pl";

    public static readonly AdminText En = new()
    {
        Code = "en",
        Common = CommonText.En,
        Home = HomeText.En,
        Agenda = AgendaText.En,
        Services = ServicesText.En,
        Staff = StaffPagesText.En,
        Settings = SettingsText.En,
    };

    public static readonly AdminText Pl = new()
    {
        Code = "pl",
        Common = CommonText.Pl,
        Home = HomeText.Pl,
        Agenda = AgendaText.Pl,
        Services = ServicesText.Pl,
        Staff = StaffPagesText.Pl,
        Settings = SettingsText.Pl,
    };

    /// <summary>The catalogue for a language tag ("pl", "pl-PL", "en"…): Polish for Polish, English for anything else.</summary>
    public static AdminText For(string? tag) => Core.Notifications.MessageLanguages.For(tag) == "pl" ? Pl : En;

    /// <summary>The admin app's language for this request (?lang=, else the browser's, else English).</summary>
    public static AdminText For(HttpRequest request) => For(Pages.Shared.CalendarPage.Language(request));

    private static string EnglishDay(DayOfWeek day) => day.ToString();

    private static string PolishDay(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "Poniedziałek",
        DayOfWeek.Tuesday => "Wtorek",
        DayOfWeek.Wednesday => "Środa",
        DayOfWeek.Thursday => "Czwartek",
        DayOfWeek.Friday => "Piątek",
        DayOfWeek.Saturday => "Sobota",
        _ => "Niedziela",
    };

    /// <summary>"30 min", "1 h 30 min", "2 d" (days and hours abbreviated as the language does).</summary>
    private static string Abbreviated(TimeSpan span, string days, string hours)
    {
        if (span <= TimeSpan.Zero) return "0 min";
        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days} {days}");
        if (span.Hours > 0) parts.Add($"{span.Hours} {hours}");
        if (span.Minutes > 0) parts.Add($"{span.Minutes} min");
        return parts.Count == 0 ? "1 min" : string.Join(' ', parts);
    }
}
