using Bookings.Core.Booking;
using Bookings.Web.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Infrastructure;

/// <summary>
/// Core's refusals in the web app: the HTTP status of each kind, decided here once (the API's ProblemDetails and the pages
/// both ask <see cref="Status"/>), and the helper a page uses to show a refusal beside the form the customer filled in.
/// </summary>
public static class Refusals
{
    public static int Status(BookingErrorKind kind) => kind switch
    {
        BookingErrorKind.NotFound => StatusCodes.Status404NotFound,
        BookingErrorKind.Conflict => StatusCodes.Status409Conflict,
        BookingErrorKind.Rule => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Whether the refusal says the thing asked for does not exist (a page answers its not-found page instead).</summary>
    public static bool IsNotFound(this BookingException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Error.Kind == BookingErrorKind.NotFound;
    }

    /// <summary>The refusal in the page's language; the page answers with its kind's status.</summary>
    public static ShownError Show(this PageModel page, BookingError error, PageText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return page.Show(text.Error(error));
    }

    /// <summary>A refusal already in words (the page's own); the page answers with its kind's status.</summary>
    public static ShownError Show(this PageModel page, ShownError shown)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(shown);
        page.Response.StatusCode = Status(shown.Kind);
        return shown;
    }
}
