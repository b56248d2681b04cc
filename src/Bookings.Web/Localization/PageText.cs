using System.Globalization;
using System.Text.RegularExpressions;
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

    /// <summary>English sentences of Core (booking errors) in this language; null for English, where they are shown as they come.</summary>
    private IReadOnlyDictionary<string, string>? Sentences { get; init; }
    private Func<TimeSpan, string>? Ahead { get; init; }

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

    // "at least 2 hours ahead": the accusative, as the sentence needs it.
    private static string PolishAhead(TimeSpan t) =>
        t.TotalDays >= 1 && t.TotalDays == Math.Floor(t.TotalDays) ? Count((int)t.TotalDays, "dzień", "dni", "dni")
        : t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? Count((int)t.TotalHours, "godzinę", "godziny", "godzin")
        : Count((int)t.TotalMinutes, "minutę", "minuty", "minut");

    private static string Count(int n, string one, string few, string many) => $"{n} {Plural(n, one, few, many)}";

    /// <summary>The error as this page's language says it; a sentence without a translation stays in English.</summary>
    public BookingError Error(BookingError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Sentences is null) return error;
        return error with
        {
            Title = Sentence(error.Title)!,
            Detail = Sentence(error.Detail),
            Errors = error.Errors?.ToDictionary(e => e.Key, e => e.Value.Select(m => Sentence(m)!).ToArray()),
        };
    }

    public string? Sentence(string? english)
    {
        if (english is null || Sentences is null) return english;
        if (Sentences.TryGetValue(english, out var translated)) return translated;
        if (AtMost().Match(english) is { Success: true } max)
        {
            var n = int.Parse(max.Groups[1].Value, CultureInfo.InvariantCulture);
            return $"Najwyżej {Count(n, "znak", "znaki", "znaków")}.";
        }
        if (Nonexistent().Match(english) is { Success: true } nonexistent)
            return nonexistent.Groups[1].Value == "date" ? $"Data {nonexistent.Groups[2].Value} nie istnieje." : $"Godzina {nonexistent.Groups[2].Value} nie istnieje.";
        if (ContactTheBusiness().Match(english) is { Success: true } contact)
            return $"Aby ją zmienić lub anulować, skontaktuj się z: {contact.Groups[1].Value}{(contact.Groups[2].Success ? ", " + contact.Groups[2].Value : "")}.";
        if (Ahead is not null && AheadRule().Match(english) is { Success: true } rule && ParseDescribed(rule.Groups[2].Value) is { } span)
        {
            var amount = Ahead(span);
            return rule.Groups[1].Value switch
            {
                "Bookings must be made at least" => $"Rezerwacji trzeba dokonać co najmniej {amount} wcześniej.",
                "Bookings can be made at most" => $"Rezerwować można najwyżej {amount} naprzód.",
                "Cancellations must be made at least" => $"Anulować można najpóźniej {amount} przed terminem; skontaktuj się z firmą.",
                _ => $"Zmienić termin można najpóźniej {amount} przed wizytą; skontaktuj się z firmą.",
            };
        }
        return english;
    }

    // The inverse of BookingHandler.Describe: "1 day", "2 hours", "30 minutes".
    private static TimeSpan? ParseDescribed(string text)
    {
        var m = Described().Match(text);
        if (!m.Success) return null;
        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "day" => TimeSpan.FromDays(n),
            "hour" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromMinutes(n),
        };
    }

    [GeneratedRegex(@"^At most (\d+) characters\.\z")]
    private static partial Regex AtMost();

    [GeneratedRegex(@"^(Bookings must be made at least|Bookings can be made at most|Cancellations must be made at least|Changes must be made at least) (.+?) ahead(?:\.|; please contact the business\.)\z")]
    private static partial Regex AheadRule();

    // BookingStart.Nonexistent.
    [GeneratedRegex(@"^The (date|time) ([0-9:-]+) does not exist\.\z")]
    private static partial Regex Nonexistent();

    // ManageHandler.ManageNotAllowed.
    [GeneratedRegex(@"^Please contact (.+?) to change or cancel it(?:: (.+))?\.\z")]
    private static partial Regex ContactTheBusiness();

    [GeneratedRegex(@"^(\d+) (day|hour|minute)s?\z")]
    private static partial Regex Described();

    public static readonly PageText En = new()
    {
        Code = "en",
        SkipToContent = "Skip to content",
        Footer = "Online booking by Bookings",
        LanguageLabel = "Language",
        BookWith = name => $"Book with {name}",
        NoServices = "No services can be booked online right now.",
        ChooseService = "Choose a service to see the free times.",
        UpToPeople = n => $"up to {n} people",
        Contact = "Contact",
        Website = "Website",
        PrivacyPolicy = "Privacy policy",
        Terms = "Terms",
        AllServices = "All services",
        ZoneLineBefore = "Times are shown in ",
        ZoneLineAfter = " time.",
        ChangeTimeZone = "Change time zone",
        TimeZone = "Time zone",
        ShowTimes = "Show times",
        YourDetails = "Your details",
        Service = "Service",
        With = "With",
        When = "When",
        ChangeTheTime = "Change the time",
        PickAnotherTime = "Pick another time",
        NoOtherTimesNearby = "There are no other free times close to this one.",
        PickAnotherDay = "Pick another day",
        Name = "Name",
        Required = "(required)",
        Email = "Email",
        Phone = "Phone",
        Notes = "Notes",
        Consent = "Consent",
        Answer = "Answer",
        Booking = "Booking",
        SmsOptIn = "Send me text messages (SMS) about this booking to the phone number above",
        SmsStop = "Reply STOP to any message to stop them.",
        DefaultConsent = "I agree that my details are stored to manage this booking.",
        Book = "Book",
        TimeGone = "That time is no longer free.",
        TimeGoneDetail = "Please pick another one.",
        WithWhom = "With whom",
        Anyone = "Anyone",
        AnyoneAvailable = "Anyone available",
        Day = "Day",
        PreviousMonth = "Previous month: ",
        NextMonth = "Next month: ",
        FreeTimes = n => $"{n} free {(n == 1 ? "time" : "times")}",
        NoFreeTimesInMonth = (month, hasNext) => $"No free times in {month}{(hasNext ? "; try the next month" : "")}.",
        TimesOn = date => $"Times on {date}",
        NoTimesThisDay = "There are no free times on this day. Please pick another day.",
        SeatsLeft = n => $"{n} {(n == 1 ? "seat" : "seats")} left",
        FormAlreadySent = "This form was already sent.",
        FormAlreadySentDetail = "Your earlier booking stands. To make another booking, send the form again.",
        TitleCancelled = "Booking cancelled",
        TitleConfirmed = "Booking confirmed",
        YourBooking = "Your booking",
        CancelledHeading = "Your booking has been cancelled",
        CancelledBefore = service => $"{service} on ",
        CancelledAfter = " is cancelled.",
        BookAnotherTime = "Book another time",
        Confirmed = "Your booking is confirmed",
        Online = "Online",
        JoinMeeting = "Join the meeting",
        Where = "Where",
        Moved = "Your booking has been moved.",
        MovedDetail = "We have sent you the new time.",
        AddToCalendar = "Add to my calendar (.ics)",
        KeepLink = "Keep this link",
        KeepLinkDetail = "It lets you see or cancel your booking later:",
        KeepLinkToSee = "It lets you see your booking later:",
        ShowFreeTimes = "Show free times",
        NoFreeTimesOn = date => $"There are no free times on {date}. Try another day.",
        FreeTimesOn = date => $"Free times on {date}",
        MoveMyBooking = "Move my booking",
        Cancel = "Cancel",
        CancelPlease = "If you can’t come, please cancel so that someone else can take this time.",
        CancelBooking = "Cancel booking",
        CannotCancel = name => $"This booking can no longer be cancelled online. Please contact {name} directly.",
        CannotChangeTime = "It is too late to change the time of this booking online.",
        ChangeOrCancel = "Change or cancel",
        ContactToChangeOrCancel = name => $"To change or cancel this booking, please contact {name}.",
        PickAFreeTime = "Pick one of the free times.",
        NotFoundTitle = "Not found",
        NotFoundHeading = "We can’t find that page",
        NotFoundHint = "Check that the address is complete. If someone sent you this link, ask them for a new one.",
        NoBookingPage = "There is no booking page at this address.",
        NoSuchService = "There is no such service to book at this address.",
        ManageLinkNotValid = "This booking link is not valid. It may be mistyped, or the booking was cancelled or is over.",
        InvitationNotValid = "This invitation link is not valid any more. Ask the calendar's administrator for a new one.",
        SignInTitle = "Sign-in required",
        SignInMessage = name => $"The booking page of {name} is only for members of its organisation.",
        InvitationTitle = name => "Invitation – " + name,
        Welcome = name => $"Welcome to {name}",
        Accepted = "You accepted the invitation. Customers can now book time with you.",
        InvitationDeclined = "Invitation declined",
        DeclinedDetail = name => $"You declined the invitation to {name}. You will not be offered to customers.",
        JoinCalendar = name => $"Join {name}",
        InvitedBefore = staff => $"{staff}, you are invited to take bookings on the calendar ",
        InvitedAfter = ".",
        Accept = "Accept",
        Decline = "Decline",
        Duration = EnglishDuration,
    };

    public static readonly PageText Pl = new()
    {
        Code = "pl",
        SkipToContent = "Przejdź do treści",
        Footer = "Rezerwacje online: Bookings",
        LanguageLabel = "Język",
        BookWith = name => $"Rezerwacja – {name}",
        NoServices = "Obecnie nie można zarezerwować online żadnej usługi.",
        ChooseService = "Wybierz usługę, aby zobaczyć wolne terminy.",
        UpToPeople = n => $"do {n} {(n == 1 ? "osoby" : "osób")}",
        Contact = "Kontakt",
        Website = "Strona internetowa",
        PrivacyPolicy = "Polityka prywatności",
        Terms = "Regulamin",
        AllServices = "Wszystkie usługi",
        ZoneLineBefore = "Godziny podano w strefie czasowej ",
        ZoneLineAfter = ".",
        ChangeTimeZone = "Zmień strefę czasową",
        TimeZone = "Strefa czasowa",
        ShowTimes = "Pokaż terminy",
        YourDetails = "Twoje dane",
        Service = "Usługa",
        With = "Z kim",
        When = "Termin",
        ChangeTheTime = "Zmień termin",
        PickAnotherTime = "Wybierz inny termin",
        NoOtherTimesNearby = "W pobliżu tego terminu nie ma innych wolnych terminów.",
        PickAnotherDay = "Wybierz inny dzień",
        Name = "Imię i nazwisko",
        Required = "(wymagane)",
        Email = "E-mail",
        Phone = "Telefon",
        Notes = "Uwagi",
        Consent = "Zgoda",
        Answer = "Odpowiedź",
        Booking = "Rezerwacja",
        SmsOptIn = "Wysyłaj mi wiadomości SMS o tej rezerwacji na powyższy numer telefonu",
        SmsStop = "Aby przestać je otrzymywać, odpowiedz STOP na dowolną wiadomość.",
        DefaultConsent = "Zgadzam się na przechowywanie moich danych w celu obsługi tej rezerwacji.",
        Book = "Zarezerwuj",
        TimeGone = "Ten termin nie jest już wolny.",
        TimeGoneDetail = "Wybierz inny.",
        WithWhom = "Z kim",
        Anyone = "Dowolna osoba",
        AnyoneAvailable = "Dowolna dostępna osoba",
        Day = "Dzień",
        PreviousMonth = "Poprzedni miesiąc: ",
        NextMonth = "Następny miesiąc: ",
        FreeTimes = n => $"{n} {Plural(n, "wolny termin", "wolne terminy", "wolnych terminów")}",
        NoFreeTimesInMonth = (_, hasNext) => $"W tym miesiącu nie ma wolnych terminów{(hasNext ? "; sprawdź następny miesiąc" : "")}.",
        TimesOn = date => $"Terminy w dniu {date}",
        NoTimesThisDay = "W tym dniu nie ma wolnych terminów. Wybierz inny dzień.",
        SeatsLeft = n => $"{Plural(n, "zostało", "zostały", "zostało")} {n} {Plural(n, "miejsce", "miejsca", "miejsc")}",
        FormAlreadySent = "Ten formularz został już wysłany.",
        FormAlreadySentDetail = "Twoja wcześniejsza rezerwacja jest aktualna. Aby zarezerwować kolejny termin, wyślij formularz jeszcze raz.",
        TitleCancelled = "Rezerwacja anulowana",
        TitleConfirmed = "Rezerwacja potwierdzona",
        YourBooking = "Twoja rezerwacja",
        CancelledHeading = "Twoja rezerwacja została anulowana",
        CancelledBefore = service => $"Rezerwacja „{service}” w terminie ",
        CancelledAfter = " została anulowana.",
        BookAnotherTime = "Zarezerwuj inny termin",
        Confirmed = "Twoja rezerwacja została potwierdzona",
        Online = "Online",
        JoinMeeting = "Dołącz do spotkania",
        Where = "Gdzie",
        Moved = "Twoja rezerwacja została przeniesiona.",
        MovedDetail = "Wysłaliśmy Ci nowy termin.",
        AddToCalendar = "Dodaj do mojego kalendarza (.ics)",
        KeepLink = "Zachowaj ten link",
        KeepLinkDetail = "Dzięki niemu możesz później sprawdzić lub anulować rezerwację:",
        KeepLinkToSee = "Dzięki niemu możesz później sprawdzić swoją rezerwację:",
        ShowFreeTimes = "Pokaż wolne terminy",
        NoFreeTimesOn = date => $"W dniu {date} nie ma wolnych terminów. Wybierz inny dzień.",
        FreeTimesOn = date => $"Wolne terminy w dniu {date}",
        MoveMyBooking = "Przenieś moją rezerwację",
        Cancel = "Anulowanie",
        CancelPlease = "Jeśli nie możesz przyjść, anuluj rezerwację, aby ktoś inny mógł skorzystać z tego terminu.",
        CancelBooking = "Anuluj rezerwację",
        CannotCancel = name => $"Tej rezerwacji nie można już anulować online. Skontaktuj się bezpośrednio z: {name}.",
        CannotChangeTime = "Na zmianę terminu tej rezerwacji online jest już za późno.",
        ChangeOrCancel = "Zmiana lub anulowanie",
        ContactToChangeOrCancel = name => $"Aby zmienić lub anulować tę rezerwację, skontaktuj się z: {name}.",
        PickAFreeTime = "Wybierz jeden z wolnych terminów.",
        NotFoundTitle = "Nie znaleziono",
        NotFoundHeading = "Nie możemy znaleźć tej strony",
        NotFoundHint = "Sprawdź, czy adres jest kompletny. Jeśli ktoś wysłał Ci ten link, poproś o nowy.",
        NoBookingPage = "Pod tym adresem nie ma strony rezerwacji.",
        NoSuchService = "Pod tym adresem nie ma takiej usługi do zarezerwowania.",
        ManageLinkNotValid = "Ten link do rezerwacji jest nieprawidłowy. Mógł zostać źle wpisany albo rezerwacja została anulowana lub już się odbyła.",
        InvitationNotValid = "Ten link z zaproszeniem jest już nieważny. Poproś administratora kalendarza o nowy.",
        SignInTitle = "Wymagane logowanie",
        SignInMessage = name => $"Strona rezerwacji {name} jest dostępna tylko dla członków organizacji.",
        InvitationTitle = name => "Zaproszenie – " + name,
        Welcome = name => $"Witamy w kalendarzu {name}",
        Accepted = "Zaproszenie zostało przyjęte. Klienci mogą teraz rezerwować u Ciebie terminy.",
        InvitationDeclined = "Zaproszenie odrzucone",
        DeclinedDetail = name => $"Odrzucono zaproszenie do kalendarza {name}. Klienci nie będą mogli rezerwować u Ciebie terminów.",
        JoinCalendar = name => $"Dołącz do kalendarza {name}",
        InvitedBefore = staff => $"{staff}, zapraszamy Cię do przyjmowania rezerwacji w kalendarzu ",
        InvitedAfter = ".",
        Accept = "Akceptuj",
        Decline = "Odrzuć",
        Duration = PolishDuration,
        Ahead = PolishAhead,
        Sentences = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Some details need attention."] = "Niektóre dane wymagają poprawy.",
            ["Required."] = "Wymagane.",
            ["Your name is required."] = "Podaj imię i nazwisko.",
            ["The name cannot contain control characters."] = "Imię i nazwisko nie może zawierać znaków sterujących.",
            ["Your email address is required."] = "Podaj adres e-mail.",
            ["This is not a valid email address."] = "To nie jest prawidłowy adres e-mail.",
            ["This is not a valid phone number."] = "To nie jest prawidłowy numer telefonu.",
            [Core.Calendars.ControlCharacters.Problem] = "Znak sterujący (podział wiersza, tabulator…) nie może być częścią tej wartości; usuń go.",
            ["This service has no such question."] = "Ta usługa nie ma takiego pytania.",
            ["Choose one of the offered answers."] = "Wybierz jedną z podanych odpowiedzi.",
            ["This question must be answered."] = "Odpowiedź na to pytanie jest wymagana.",
            ["Consent is required to book."] = "Do rezerwacji potrzebna jest zgoda.",
            ["This time is too soon to book."] = "Ten termin jest zbyt bliski, aby go zarezerwować.",
            ["This time is too far ahead to book."] = "Ten termin jest zbyt odległy, aby go zarezerwować.",
            ["This time is not one of the offered slots."] = "Tego terminu nie ma wśród oferowanych.",
            ["Pick a start time from the availability answer."] = "Wybierz jeden z oferowanych terminów.",
            ["No staff member can take more bookings at this time."] = "W tym czasie nikt z zespołu nie może przyjąć więcej rezerwacji.",
            ["The staff member's daily or weekly limit is reached; pick another day."] = "Osiągnięto dzienny lub tygodniowy limit rezerwacji; wybierz inny dzień.",
            ["Pick another time."] = "Wybierz inny termin.",
            ["This slot is full."] = "W tym terminie nie ma już miejsc.",
            ["Every seat of this time has been taken; pick another time."] = "Wszystkie miejsca w tym terminie są zajęte; wybierz inny termin.",
            ["This slot has just been taken."] = "Ten termin został właśnie zajęty.",
            ["Someone else booked this time; pick another one."] = "Ktoś inny zarezerwował ten termin; wybierz inny.",
            ["This Idempotency-Key was used with a different request."] = "Ten formularz został już wysłany z innymi danymi.",
            ["Use a new key for a new booking."] = "Aby zarezerwować kolejny termin, wyślij nowy formularz.",
            ["The first answer to this Idempotency-Key is no longer available."] = "Odpowiedź na ten formularz nie jest już dostępna.",
            ["This booking link is not valid."] = "Ten link do rezerwacji jest nieprawidłowy.",
            ["This booking can no longer be cancelled online."] = "Tej rezerwacji nie można już anulować online.",
            ["This booking can no longer be changed online."] = "Tej rezerwacji nie można już zmienić online.",
            ["A seat in a group appointment cannot be moved."] = "Miejsca w spotkaniu grupowym nie można przenieść.",
            ["Cancel this seat and book another time."] = "Anuluj to miejsce i zarezerwuj inny termin.",
            ["The booking is already at this time."] = "Rezerwacja jest już na ten termin.",
            ["This time is not free."] = "Ten termin nie jest wolny.",
            ["Pick one of the offered times."] = "Wybierz jeden z oferowanych terminów.",
            ["This time has just been taken."] = "Ten termin został właśnie zajęty.",
            ["Pick one of the free times."] = "Wybierz jeden z wolnych terminów.",
            ["The booking made with this Idempotency-Key was cancelled."] = "Rezerwacja złożona tym formularzem została anulowana.",
            ["Use a new key to book again."] = "Aby zarezerwować ponownie, wyślij formularz jeszcze raz.",
            ["This time has already passed."] = "Ten termin już minął.",
            ["This booking has already started and can no longer be changed online."] = "Ta wizyta już się rozpoczęła i nie można jej zmienić online.",
            ["Please contact the business."] = "Skontaktuj się z firmą.",
            ["There is no such day in the calendar."] = "Takiego dnia nie ma w kalendarzu.",
            ["There is no such time of day."] = "Takiej godziny nie ma na zegarze.",
            ["This booking cannot be changed or cancelled online."] = "Tej rezerwacji nie można zmienić ani anulować online.",
        },
    };
}
