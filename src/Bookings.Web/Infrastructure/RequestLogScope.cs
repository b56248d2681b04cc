using System.Collections;

namespace Bookings.Web.Infrastructure;

/// <summary>
/// Request paths stay out of the logs, for every provider and whatever the levels: the paths of manage links (/manage/{token}) and
/// invitation links (/staff/invitation/{slug}/{staffId}/{token}) hold their tokens. ASP.NET Core's hosting diagnostics write the
/// full URL ("Request starting …") and begin every request in a log scope holding its path, which any provider that writes scopes
/// (the console with IncludeScopes, an EventSource session, a structured sink) writes with each entry of the request; that scope
/// exists whenever a provider has the category Microsoft.AspNetCore.Hosting.Diagnostics on at any level. So that category (and
/// HTTP logging) is off for every provider, and each request runs in a scope of ours that carries its route template instead:
/// <c>RequestPath:/manage/{token} RequestId:…</c>.
/// </summary>
internal static class RequestLogScope
{
    private static readonly string[] PathWritingCategories = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.HttpLogging"];

    public static IServiceCollection AddRequestLogScope(this IServiceCollection services) =>
        // After the configuration's rules: a level for one provider (Logging:Console:LogLevel:Default) outranks every rule for all
        // providers, so each provider that has one gets the categories turned off as well.
        services.PostConfigure<LoggerFilterOptions>(options =>
        {
            foreach (var provider in options.Rules.Select(r => r.ProviderName).Append(null).Distinct().ToList())
                foreach (var category in PathWritingCategories)
                    options.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.None, filter: null));
        });

    /// <summary>First in the pipeline (routing has already chosen the endpoint), so that every entry of the request is in the scope.</summary>
    public static IApplicationBuilder UseRequestLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bookings.Web.Requests");
        return app.Use(async (context, next) =>
        {
            using (logger.BeginScope(new Scope(context)))
                await next(context);
        });
    }

    // Read when the request begins (routing has run): a scope may outlive its request in work the request started.
    private sealed class Scope(HttpContext context) : IReadOnlyList<KeyValuePair<string, object>>
    {
        // The route template, never the path; a request no route matched says so.
        private readonly string _route = context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template }
            ? "/" + template.TrimStart('/')
            : "(no route)";

        private readonly string _requestId = context.TraceIdentifier;

        public int Count => 2;

        public KeyValuePair<string, object> this[int index] => index switch
        {
            0 => new("RequestPath", _route),
            1 => new("RequestId", _requestId),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestPath:{_route} RequestId:{_requestId}";
    }
}
