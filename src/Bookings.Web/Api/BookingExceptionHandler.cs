using Bookings.Core.Booking;
using Microsoft.AspNetCore.Diagnostics;

namespace Bookings.Web.Api;

/// <summary>
/// The API's one error path: a <see cref="BookingException"/> that leaves an endpoint under <c>/api</c> becomes ProblemDetails
/// (<see cref="Problems.From(BookingError)"/>: the kind's status, the code, the English title, detail and field errors). Pages
/// catch the refusals they show beside a form themselves (<c>Refusals.Show</c>); anything else goes on to the default handler.
/// </summary>
public sealed class BookingExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BookingException refused || !httpContext.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            return false;
        Infrastructure.WebHosting.EveryAnswer(httpContext.Response);
        await Problems.From(refused.Error).ExecuteAsync(httpContext);
        return true;
    }
}
