using System.Globalization;
using System.Threading.RateLimiting;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Bookings.Web.Infrastructure;

/// <summary>What the overload page (Pages/Shared/Overloaded.cshtml) shows: constant text only, nothing from the request.</summary>
public sealed record OverloadPage(string Title, string Message);

// The answer of RateLimiting to a refused request: ProblemDetails for the API, a page in the site's layout for the rest.
public static partial class RateLimiting
{
    private const string OverloadView = "/Pages/Shared/Overloaded.cshtml";

    /// <summary>
    /// The answer to a refused request: 429 when a per-client window refused it (its lease says when to retry), else 503
    /// (the global concurrency limiter and its queue are full) after RateLimits:RetryAfterSeconds. API paths get
    /// ProblemDetails with a stable code; pages get the overload page in the site's layout, in English or Polish.
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
            await Api.Problems.Http(status, tooMany ? TooManyRequestsCode : ServerBusyCode, tooMany ? OverloadText.En.TooMany : OverloadText.En.Busy,
                $"Retry after {seconds.ToString(CultureInfo.InvariantCulture)} seconds.").ExecuteAsync(context);
            return;
        }

        CalendarPage.SetSecurityHeaders(response, []);
        cancellationToken.ThrowIfCancellationRequested();
        await OverloadPageResult(context, tooMany, status).ExecuteResultAsync(OutsideAnyPage(context));
    }

    /// <summary>
    /// The overload page as a view in the site's layout (Pages/Shared/_Layout.cshtml). The limiter refuses before any endpoint
    /// runs, so the view is rendered here, as a page handler's ViewResult would be: constant text in the visitor's language
    /// (?lang=, else the browser's), no store call, no database read.
    /// </summary>
    private static ViewResult OverloadPageResult(HttpContext context, bool tooMany, int status)
    {
        var text = OverloadText.For(PageLanguage.Current(context));
        var metadata = context.RequestServices.GetRequiredService<IModelMetadataProvider>();
        return new ViewResult
        {
            ViewName = OverloadView,
            StatusCode = status,
            ViewData = new ViewDataDictionary<OverloadPage>(metadata, new ModelStateDictionary())
            {
                Model = tooMany ? new(text.TooManyTitle, text.TooMany) : new(text.BusyTitle, text.Busy),
            },
        };
    }

    private static ActionContext OutsideAnyPage(HttpContext context) =>
        new(context, context.GetRouteData(), new ActionDescriptor());
}
