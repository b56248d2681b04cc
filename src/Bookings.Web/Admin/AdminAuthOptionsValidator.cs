using Microsoft.Extensions.Options;

namespace Bookings.Web.Admin;

/// <summary>Checks "Admin" at start; every failure names its setting.</summary>
public sealed class AdminAuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AdminAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxFailedSignIns < 1) failures.Add("Admin:MaxFailedSignIns must be at least 1.");
        if (options.LockoutMinutes < 1) failures.Add("Admin:LockoutMinutes must be at least 1.");
        if (string.IsNullOrWhiteSpace(options.FirstAdminEmail) || !options.FirstAdminEmail.Contains('@', StringComparison.Ordinal))
            failures.Add("Admin:FirstAdminEmail must be an email address.");
        if (options.CreateSchedulingMailboxes && !EntraSignIn.CanCreateSchedulingMailboxes(configuration))
            failures.Add($"{EntraSignIn.CreateSchedulingMailboxesSetting} needs the Microsoft 365 store (Store:Provider=Graph) and Microsoft sign-in (AzureAd:TenantId, AzureAd:ClientId).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
