using System.Security.Claims;
using Bookings.Core.Admin;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin.Auth;

/// <summary>
/// GET/POST /admin/password: a local account changes its password; the form a one-time password leads to (until it is changed,
/// every other admin page sends here). The change is in the audit log, never with the password.
/// </summary>
[Authorize(Policy = AdminAuth.SignedInPolicy)]
public sealed class PasswordModel(IAuditStore audit, TimeProvider time) : AuthPageModel
{
    public int MinimumLength => AdminPasswords.MinimumLength;

    public PageResult OnGet() => Form(null);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (HttpContext.RequestServices.GetService<IUserStore>() is not { } users) return NotFound();
        var form = await Request.ReadFormAsync(ct);
        var current = form["currentPassword"].ToString();
        var next = form["newPassword"].ToString();
        var confirm = form["confirmPassword"].ToString();
        var id = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var found = id is null ? null : await users.FindByIdAsync(id, ct);
        if (found is null)
        {
            await HttpContext.SignOutAsync(AdminAuth.Scheme);
            return Redirect(AdminAuth.SignInPath);
        }
        if (!AdminPasswords.Verify(current, found.PasswordHash)) return Form(Text.WrongCurrentPassword);
        if (next.Length < AdminPasswords.MinimumLength) return Form(Text.TooShort);
        if (!string.Equals(next, confirm, StringComparison.Ordinal)) return Form(Text.NoMatch);
        if (string.Equals(next, current, StringComparison.Ordinal)) return Form(Text.SameAsCurrent);

        await users.UpdatePasswordAsync(found.User.Id, AdminPasswords.Hash(next), mustChangePassword: false, ct);
        await AdminAudit.RecordAsync(audit, time, User, mailboxId: null, "user.password-change", found.User.Email, details: null, ct);
        await HttpContext.SignInAsync(AdminAuth.Scheme, AdminAuth.Principal(found.User, mustChangePassword: false));
        return Redirect(AdminAuth.HomePath);
    }

    private PageResult Form(string? error)
    {
        Error = error;
        return Show(Text.PasswordTitle);
    }
}
