using Bookings.Core.Booking;

namespace Bookings.Web.Localization;

/// <summary>
/// Every word the public pages show, once in English and once in Polish. A plain table rather than
/// resource files: the two languages sit side by side, the compiler checks that none is missing, and
/// sentences with a number or a name are functions so that each language orders and inflects them its own way.
/// </summary>
public sealed partial class PageText
{
    public required string Code { get; init; }

    // Layout
    public required string SkipToContent { get; init; }
    public required string Footer { get; init; }
    public required string LanguageLabel { get; init; }

    // Calendar page
    public required Func<string, string> BookWith { get; init; }
    public required string NoServices { get; init; }
    public required string ChooseService { get; init; }
    public required Func<int, string> UpToPeople { get; init; }
    public required string Contact { get; init; }
    public required string Website { get; init; }
    public required string PrivacyPolicy { get; init; }
    public required string Terms { get; init; }

    // Service page
    public required string AllServices { get; init; }
    public required string ZoneLineBefore { get; init; }
    public required string ZoneLineAfter { get; init; }
    public required string ChangeTimeZone { get; init; }
    public required string TimeZone { get; init; }
    public required string ShowTimes { get; init; }
    public required string YourDetails { get; init; }
    public required string Service { get; init; }
    public required string With { get; init; }
    public required string When { get; init; }
    public required string ChangeTheTime { get; init; }
    public required string PickAnotherTime { get; init; }
    public required string NoOtherTimesNearby { get; init; }
    public required string PickAnotherDay { get; init; }
    public required string Name { get; init; }
    public required string Required { get; init; }
    public required string Email { get; init; }
    public required string Phone { get; init; }
    public required string Notes { get; init; }
    public required string Consent { get; init; }
    public required string Answer { get; init; }
    public required string Booking { get; init; }
    public required string SmsOptIn { get; init; }
    public required string SmsStop { get; init; }
    public required string DefaultConsent { get; init; }
    public required string Book { get; init; }
    public required string TimeGone { get; init; }
    public required string TimeGoneDetail { get; init; }
    public required string WithWhom { get; init; }
    public required string Anyone { get; init; }
    public required string AnyoneAvailable { get; init; }
    public required string Day { get; init; }
    public required string PreviousMonth { get; init; }
    public required string NextMonth { get; init; }
    public required Func<int, string> FreeTimes { get; init; }
    public required Func<string, bool, string> NoFreeTimesInMonth { get; init; }
    public required Func<string, string> TimesOn { get; init; }
    public required string NoTimesThisDay { get; init; }
    public required Func<int, string> SeatsLeft { get; init; }
    public required string FormAlreadySent { get; init; }
    public required string FormAlreadySentDetail { get; init; }

    // Manage page
    public required string TitleCancelled { get; init; }
    public required string TitleConfirmed { get; init; }
    public required string YourBooking { get; init; }
    public required string CancelledHeading { get; init; }
    public required Func<string, string> CancelledBefore { get; init; }
    public required string CancelledAfter { get; init; }
    public required string BookAnotherTime { get; init; }
    public required string Confirmed { get; init; }
    public required string Online { get; init; }
    public required string JoinMeeting { get; init; }
    public required string Where { get; init; }
    public required string Moved { get; init; }
    public required string MovedDetail { get; init; }
    public required string AddToCalendar { get; init; }
    public required string KeepLink { get; init; }
    public required string KeepLinkDetail { get; init; }

    /// <summary>The link kept of a booking its customer may not change or cancel online: it only shows it.</summary>
    public required string KeepLinkToSee { get; init; }
    public required string ShowFreeTimes { get; init; }
    public required Func<string, string> NoFreeTimesOn { get; init; }
    public required Func<string, string> FreeTimesOn { get; init; }
    public required string MoveMyBooking { get; init; }
    public required string Cancel { get; init; }
    public required string CancelPlease { get; init; }
    public required string CancelBooking { get; init; }
    public required Func<string, string> CannotCancel { get; init; }

    /// <summary>A service whose customers may not change or cancel online (isCustomerAllowedToManageBooking=false): ask the business.</summary>
    public required string ChangeOrCancel { get; init; }
    public required Func<string, string> ContactToChangeOrCancel { get; init; }

    /// <summary>The manage page inside the minimum lead time: the time cannot be changed online either.</summary>
    public required string CannotChangeTime { get; init; }
    public required string PickAFreeTime { get; init; }

    // Not found, sign-in required
    public required string NotFoundTitle { get; init; }
    public required string NotFoundHeading { get; init; }
    public required string NotFoundHint { get; init; }
    public required string NoBookingPage { get; init; }
    public required string NoSuchService { get; init; }
    public required string ManageLinkNotValid { get; init; }
    public required string InvitationNotValid { get; init; }
    public required string SignInTitle { get; init; }
    public required Func<string, string> SignInMessage { get; init; }
    public required string SignInToComeBack { get; init; }
    public required string SignIn { get; init; }

    // Preview of an unpublished calendar
    public required string PreviewNotPublished { get; init; }
    public required string PreviewWhoSees { get; init; }
    public required string PreviewTakesNoBookings { get; init; }

    // Staff invitation
    public required Func<string, string> InvitationTitle { get; init; }
    public required Func<string, string> Welcome { get; init; }
    public required string Accepted { get; init; }
    public required string InvitationDeclined { get; init; }
    public required Func<string, string> DeclinedDetail { get; init; }
    public required Func<string, string> JoinCalendar { get; init; }
    public required Func<string, string> InvitedBefore { get; init; }
    public required string InvitedAfter { get; init; }
    public required string Accept { get; init; }
    public required string Decline { get; init; }

    public required Func<TimeSpan, string> Duration { get; init; }

    /// <summary>Core's refusals in this language (the same catalogue the API answers from, in English).</summary>
    public required ErrorText Errors { get; init; }

    /// <summary>The refusal as this page's language says it.</summary>
    public ShownError Error(BookingError error) => Errors.Render(error);

    public bool IsPolish => Code == "pl";

    /// <summary>Polish counts: one, few (2–4 but not 12–14), many.</summary>
    public static string Plural(int n, string one, string few, string many)
    {
        var tens = n % 100;
        var units = n % 10;
        return n == 1 ? one : units is >= 2 and <= 4 && tens is < 12 or > 14 ? few : many;
    }

    private static string EnglishDuration(TimeSpan d)
    {
        var hours = (int)d.TotalHours;
        var parts = new List<string>(2);
        if (hours > 0) parts.Add(hours == 1 ? "1 hour" : $"{hours} hours");
        if (d.Minutes > 0 || hours == 0) parts.Add(d.Minutes == 1 ? "1 minute" : $"{d.Minutes} minutes");
        return string.Join(' ', parts);
    }

    private static string PolishDuration(TimeSpan d)
    {
        var hours = (int)d.TotalHours;
        if (hours > 0 && d.Minutes > 0) return $"{hours} godz. {d.Minutes} min";
        if (hours > 0) return $"{hours} {Plural(hours, "godzina", "godziny", "godzin")}";
        return $"{d.Minutes} {Plural(d.Minutes, "minuta", "minuty", "minut")}";
    }
}
