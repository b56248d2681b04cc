using System.Globalization;
using System.Threading.RateLimiting;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Infrastructure;

// The answer of RateLimiting to a refused request: ProblemDetails for the API, a small page in English or Polish for the rest.
public static partial class RateLimiting
{
    /// <summary>
    /// The answer to a refused request: 429 when a per-client window refused it (its lease says when to retry), else 503
    /// (the global concurrency limiter and its queue are full) after RateLimits:RetryAfterSeconds. API paths get
    /// ProblemDetails with a stable code; pages get a small self-contained HTML page in English or Polish.
    /// </summary>
    internal static async Task WriteRejectionAsync(HttpContext context, RateLimitLease lease, RateLimitOptions options, CancellationToken cancellationToken)
    {
        // Refused by the client's window (429, its lease says when the window frees) or by the global limiter (503).
        var hasRetryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var tooMany = context.Items.TryGetValue(ClientThenGlobalLimiter.RefusedByClientLimitKey, out var byClient) ? byClient is true : hasRetryAfter;
        var status = tooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
        var seconds = tooMany && hasRetryAfter ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : tooMany ? 60 : options.RetryAfterSeconds;

        var response = context.Response;
        response.StatusCode = status;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";

        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await TypedResults.Problem(new ProblemDetails
            {
                Status = status,
                Title = tooMany ? Texts.TooManyEn : Texts.BusyEn,
                Detail = $"Retry after {seconds.ToString(CultureInfo.InvariantCulture)} seconds.",
                Type = $"https://httpstatuses.io/{status.ToString(CultureInfo.InvariantCulture)}",
                Extensions = { ["code"] = tooMany ? TooManyRequestsCode : ServerBusyCode },
            }).ExecuteAsync(context);
            return;
        }

        CalendarPage.SetSecurityHeaders(response, []);
        response.ContentType = "text/html; charset=utf-8";
        var polish = CalendarPage.Language(context.Request) == "pl";
        var page = (tooMany, polish) switch
        {
            (true, true) => Texts.TooManyPagePl,
            (true, false) => Texts.TooManyPageEn,
            (false, true) => Texts.BusyPagePl,
            (false, false) => Texts.BusyPageEn,
        };
        await response.WriteAsync(page, cancellationToken);
    }

    private static class Texts
    {
        public const string BusyEn = "The booking service is busy — please try again in a few seconds.";
        public const string TooManyEn = "Too many requests — please wait a moment and try again.";
        public const string BusyPl = "Serwis rezerwacji jest przeciążony — spróbuj ponownie za kilka sekund.";
        public const string TooManyPl = "Zbyt wiele żądań — odczekaj chwilę i spróbuj ponownie.";

        public static readonly string BusyPageEn = Page("en", "Service busy", BusyEn);
        public static readonly string TooManyPageEn = Page("en", "Too many requests", TooManyEn);
        public static readonly string BusyPagePl = Page("pl", "Serwis przeciążony", BusyPl);
        public static readonly string TooManyPagePl = Page("pl", "Zbyt wiele żądań", TooManyPl);

        // Constant text only: nothing from the request is written into the page.
        private static string Page(string lang, string title, string message) => $"""
            <!DOCTYPE html>
            <html lang="{lang}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{title}</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <main id="main" class="wrap">
            <section class="card" aria-labelledby="busy-h">
            <h1 id="busy-h">{title}</h1>
            <p>{message}</p>
            </section>
            </main>
            </body>
            </html>

            """;
    }
}
