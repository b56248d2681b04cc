using System.Globalization;

namespace Bookings.Core.Calendars;

/// <summary>The price as customers see it: "120 PLN", "from 80 PLN", "50 PLN per hour", "free".</summary>
public static class PriceDisplay
{
    public static string Format(BookingService service, string currencyIso, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.InvariantCulture;
        var amount = $"{service.DefaultPrice.ToString("0.##", culture)} {currencyIso}";
        var pl = culture.TwoLetterISOLanguageName == "pl";
        return service.DefaultPriceType switch
        {
            PriceType.Free => pl ? "bezpłatnie" : "free",
            PriceType.FixedPrice => service.DefaultPrice == 0 ? (pl ? "bezpłatnie" : "free") : amount,
            PriceType.StartingAt => pl ? $"od {amount}" : $"from {amount}",
            PriceType.Hourly => pl ? $"{amount} za godzinę" : $"{amount} per hour",
            PriceType.PriceVaries => pl ? "cena zmienna" : "price varies",
            PriceType.CallUs => pl ? "zadzwoń po cenę" : "call us",
            _ => service.DefaultPrice > 0 ? amount : "",
        };
    }
}
