using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin;

/// <summary>
/// For a small host of sign-in alone (AddBookingsAdminAuth without the rest of the app): maps the sign-in pages
/// (Pages/Admin/Auth) and no other Razor page, whose services such a host does not have.
/// </summary>
internal sealed class SignInPagesOnly : IPageRouteModelConvention
{
    public void Apply(PageRouteModel model)
    {
        if (!model.ViewEnginePath.StartsWith("/Admin/Auth/", StringComparison.Ordinal)) model.Selectors.Clear();
    }

    public static void Add(IServiceCollection services) =>
        services.Configure<RazorPagesOptions>(o => o.Conventions.Add(new SignInPagesOnly()));

    public static void Map(WebApplication app) => app.MapRazorPages();
}
