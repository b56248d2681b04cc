using Bookings.Core.Booking;
using Bookings.Web.Infrastructure;
using Bookings.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Api;

/// <summary>
/// ProblemDetails with a stable machine-readable <c>code</c> and, for validation, <c>errors</c> by field. Core's refusals are
/// said in English through <see cref="ErrorText.En"/>; the status of each kind is <see cref="Refusals.Status"/>.
/// </summary>
public static class Problems
{
    /// <summary>Core's refusal as the API answers it (English).</summary>
    public static ProblemHttpResult From(BookingError error) => From(ErrorText.En.Render(error));

    public static ProblemHttpResult From(ShownError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Http(Refusals.Status(error.Kind), error.Code, error.Title, error.Detail, error.Errors);
    }

    /// <summary>A refusal of the API itself (a malformed query or body), in its own English words.</summary>
    public static ProblemHttpResult Of(BookingErrorKind kind, string code, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null) =>
        From(new ShownError(kind, code, title, detail, errors));

    public static ProblemHttpResult BadRequest(string code, string title, string field, string message) =>
        Of(BookingErrorKind.Invalid, code, title, null, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string code, string title) => Of(BookingErrorKind.NotFound, code, title);

    /// <summary>A problem with a status that is no refusal of Core's (401 and 403 of sign-in).</summary>
    public static ProblemHttpResult Http(int status, string code, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is { Count: > 0 }) extensions["errors"] = errors;
        return TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://httpstatuses.io/{status}",
            Extensions = extensions,
        });
    }
}
