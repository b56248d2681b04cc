using System.Security.Claims;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Hosting;
using Microsoft.Extensions.Options;

namespace Bookings.Web.Admin;

/// <summary>Settings under "Tenant": the organisation's policy for the admin app (Microsoft 365's Bookings switch and creation policy).</summary>
public sealed class TenantOptions
{
    public const string Section = "Tenant";

    /// <summary>False turns the admin app off for everyone but tenant admins and people who are already staff of a calendar; nobody else may create calendars.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Who may create calendars: empty means every signed-in user; otherwise only these addresses (and tenant admins).</summary>
    public List<string> CalendarCreators { get; set; } = [];
}

/// <summary>Applies <see cref="TenantOptions"/>.</summary>
public sealed class TenantPolicy(IOptions<TenantOptions> options)
{
    public TenantOptions Options => options.Value;

    /// <summary>Whether the user may create a new calendar.</summary>
    public bool CanCreateCalendars(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return false;
        if (CalendarAccess.IsTenantAdmin(user)) return true;
        if (!Options.Enabled) return false;
        if (Options.CalendarCreators.Count == 0) return true;
        return CalendarAccess.Email(user) is { } email && Options.CalendarCreators.Contains(email, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether the user may use the admin app at all: always while the product is on; when off, tenant admins and existing staff only.</summary>
    public bool MayUseAdmin(ClaimsPrincipal user, IEnumerable<Mailbox> mailboxes) =>
        Options.Enabled || CalendarAccess.IsTenantAdmin(user) || mailboxes.Any(m => CalendarAccess.StaffMemberOf(user, m.Document) is not null);

    public static IServiceCollection AddTenantPolicy(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TenantOptions, TenantOptionsValidator>(configuration.GetSection(TenantOptions.Section));
        services.AddSingleton<TenantPolicy>();
        return services;
    }
}

/// <summary>Checks "Tenant" at start; every failure names its setting.</summary>
public sealed class TenantOptionsValidator : IValidateOptions<TenantOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.CalendarCreators.All(e => EmailAddress.IsValid(e))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Tenant:CalendarCreators must list email addresses.");
    }
}
