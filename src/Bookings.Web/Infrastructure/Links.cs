using Microsoft.Extensions.Options;

namespace Bookings.Web.Infrastructure;

/// <summary>Absolute links for answers and emails: PublicBaseUrl when set, else the request's scheme and host.</summary>
public sealed class Links(IOptions<WebOptions> options)
{
    public string BaseUrl(HttpRequest request)
    {
        var configured = options.Value.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : configured.TrimEnd('/');
    }

    public string ManageUrl(HttpRequest request, string token) => $"{BaseUrl(request)}/manage/{Uri.EscapeDataString(token)}";
}
