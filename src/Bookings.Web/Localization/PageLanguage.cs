using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Bookings.Web.Localization;

/// <summary>
/// Which language a page speaks: ?lang=pl|en wins (and is carried in every link of the flow, like tz),
/// else the browser's most preferred language, else the calendar's (or the booking's) language, else English.
/// Chosen once per request and kept in HttpContext.Items so the layout and the page agree.
/// </summary>
public static class PageLanguage
{
    private const string ItemKey = "Bookings.PageText";
    public const string QueryName = "lang";

    /// <summary>Chooses the page's language, with the language tag to fall back on when neither the URL nor the browser says.</summary>
    public static PageText Choose(HttpContext context, string? fallbackTag)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = Param(context) is { } asked ? For(asked)
            : FromBrowser(context.Request) is { } browser ? For(browser)
            : For(fallbackTag);
        context.Items[ItemKey] = text;
        return text;
    }

    /// <summary>The language chosen for this request (by the URL and the browser alone when the page did not choose).</summary>
    public static PageText Current(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[ItemKey] as PageText ?? Choose(context, null);
    }

    /// <summary>The lang the visitor asked for in the URL ("pl" or "en"), to carry on; null when the URL did not say.</summary>
    public static string? Param(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? value = context.Request.Query[QueryName];
        return value?.Trim().ToLowerInvariant() switch
        {
            "pl" => "pl",
            "en" => "en",
            _ => null,
        };
    }

    public static PageText For(string? tag) =>
        Bookings.Core.Notifications.MessageLanguages.For(tag) == "pl" ? PageText.Pl : PageText.En;

    /// <summary>pl when the browser's most preferred language is Polish, en when it prefers another; null without a preference.</summary>
    public static string? FromBrowser(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0 && l.Value.Value != "*")
            .OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value).FirstOrDefault();
        return preferred is null ? null : Bookings.Core.Notifications.MessageLanguages.For(preferred);
    }

    /// <summary>Dates and times: Polish as in Poland; English as the calendar's English variant says (see CalendarPage.Culture).</summary>
    public static CultureInfo Culture(PageText text, CultureInfo english)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.IsPolish ? CultureInfo.GetCultureInfo("pl-PL") : english;
    }

    /// <summary>This request's address (path and query) in the other language; a POST's handler is left out so that the link is a plain GET.</summary>
    public static string SwitchUrl(HttpRequest request, string code)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryBuilder();
        foreach (var (key, values) in QueryHelpers.ParseQuery(request.QueryString.Value))
        {
            if (key.Equals(QueryName, StringComparison.OrdinalIgnoreCase) || key.Equals("handler", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var value in values) query.Add(key, value ?? "");
        }
        query.Add(QueryName, code);
        return request.PathBase + request.Path + query.ToQueryString();
    }
}
