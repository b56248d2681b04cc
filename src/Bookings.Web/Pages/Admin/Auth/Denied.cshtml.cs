using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin.Auth;

/// <summary>GET /admin/denied: 403, where the sign-in cookie sends a user the "Admin" policy refuses.</summary>
public sealed class DeniedModel : AuthPageModel
{
    public PageResult OnGet()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Show(Text.DeniedTitle);
    }
}
