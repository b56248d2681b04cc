using Bookings.Core.Booking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Api;

/// <summary>ProblemDetails with a stable machine-readable <c>code</c> and, for validation, <c>errors</c> by field.</summary>
public static class Problems
{
    public static ProblemHttpResult From(BookingError e)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = e.Code };
        if (e.Errors is { Count: > 0 }) extensions["errors"] = e.Errors;
        return TypedResults.Problem(new ProblemDetails
        {
            Status = e.Status,
            Title = e.Title,
            Detail = e.Detail,
            Type = $"https://httpstatuses.io/{e.Status}",
            Extensions = extensions,
        });
    }

    public static ProblemHttpResult BadRequest(string code, string title, string field, string message) =>
        From(BookingError.BadRequest(code, title, new Dictionary<string, string[]> { [field] = [message] }));

    public static ProblemHttpResult NotFound(string code, string title) => From(BookingError.NotFound(code, title));
}
