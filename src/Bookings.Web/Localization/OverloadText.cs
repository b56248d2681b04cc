namespace Bookings.Web.Localization;

/// <summary>
/// The words of the answer to a request the rate limiter refused (Infrastructure/RateLimitRejection.cs): the page's title and
/// sentence in English and Polish, and the English sentence as the API's ProblemDetails title. The shape of <see cref="PageText"/>.
/// </summary>
public sealed class OverloadText
{
    public required string Code { get; init; }

    /// <summary>503: the global concurrency limiter and its queue are full.</summary>
    public required string BusyTitle { get; init; }
    public required string Busy { get; init; }

    /// <summary>429: the client's own window refused the request.</summary>
    public required string TooManyTitle { get; init; }
    public required string TooMany { get; init; }

    public static OverloadText For(PageText page) => page.IsPolish ? Pl : En;

    public static readonly OverloadText En = new()
    {
        Code = "en",
        BusyTitle = "Service busy",
        Busy = "The booking service is busy — please try again in a few seconds.",
        TooManyTitle = "Too many requests",
        TooMany = "Too many requests — please wait a moment and try again.",
    };

    public static readonly OverloadText Pl = new()
    {
        Code = "pl",
        BusyTitle = "Serwis przeciążony",
        Busy = "Serwis rezerwacji jest przeciążony — spróbuj ponownie za kilka sekund.",
        TooManyTitle = "Zbyt wiele żądań",
        TooMany = "Zbyt wiele żądań — odczekaj chwilę i spróbuj ponownie.",
    };
}
