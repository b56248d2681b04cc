using System.Globalization;
using System.Text.RegularExpressions;
using Bookings.Core.Booking;

namespace Bookings.Web.Localization;

// Core's English sentences (booking errors) as a page in another language shows them: a table, and rules for those with a number or a name.
public sealed partial class PageText
{
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

    // Made per call (once, for Pl): a static field could be read by Pl's initializer in another file before it is set.
    private static Dictionary<string, string> PolishSentences() => new(StringComparer.Ordinal)
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
    };
}
