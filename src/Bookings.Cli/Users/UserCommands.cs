using System.CommandLine;
using System.Net.Mail;
using System.Text.Json;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Cli.Users;

/// <summary>`bookings users add|list|reset-password`: the admin app's local accounts (embedded store only).</summary>
internal static class UserCommands
{

    public static Command Create() => new("users", "Local accounts of the admin app (embedded store; on Microsoft 365 sign-in is Microsoft Entra ID).")
    {
        Add(),
        List(),
        ResetPassword(),
    };

    private static Command Add()
    {
        var email = new Argument<string>("EMAIL") { Description = "The user's email address (their sign-in name)." };
        var name = new Option<string>("--name") { Description = "The display name.", Required = true, HelpName = "NAME" };
        var tenantAdmin = new Option<bool>("--tenant-admin") { Description = "May do everything in every calendar." };
        var command = new Command("add", "Add a user with a one-time password, printed once, that must be changed at first sign-in.") { email, name, tenantAdmin };
        command.SetAction(async (r, ct) =>
        {
            var address = ValidEmail(r.GetValue(email)!);
            var display = r.GetValue(name)!.Trim();
            if (display.Length == 0) throw new CliException("--name must not be empty.");
            await using var store = await CliStore.OpenAsync(r, ct);
            var users = Users(store);
            var password = AdminPasswords.NewOneTimePassword();
            var user = new AdminUser(Guid.NewGuid().ToString("N"), address, display, r.GetValue(tenantAdmin), MustChangePassword: true,
                FailedAttempts: 0, LockedUntil: null, CreatedAt: store.Time.GetUtcNow());
            if (!await users.AddAsync(user, AdminPasswords.Hash(password), ct))
                throw new CliException($"A user with the email '{address}' exists already (reset the password with: bookings users reset-password {address}).");
            await store.AuditAsync(null, "user.add", address, user.IsTenantAdmin ? "tenantAdmin: true" : "tenantAdmin: false", ct);
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new
            {
                user.Id,
                user.Email,
                user.DisplayName,
                user.IsTenantAdmin,
                user.MustChangePassword,
                OneTimePassword = password,
            }, CliApp.Json));
            return CliApp.Success;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the users (never their passwords) as JSON.");
        command.SetAction(async (r, ct) =>
        {
            await using var store = await CliStore.OpenAsync(r, ct);
            var list = await Users(store).ListAsync(ct);
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(list, CliApp.Json));
            return CliApp.Success;
        });
        return command;
    }

    private static Command ResetPassword()
    {
        var email = new Argument<string>("EMAIL") { Description = "The user's email address." };
        var command = new Command("reset-password", "Give the user a new one-time password (printed once; to change at first sign-in) and unlock them.") { email };
        command.SetAction(async (r, ct) =>
        {
            var address = r.GetValue(email)!.Trim();
            await using var store = await CliStore.OpenAsync(r, ct);
            var users = Users(store);
            var found = await users.FindByEmailAsync(address, ct) ?? throw new CliException($"There is no user with the email '{address}'.");
            var password = AdminPasswords.NewOneTimePassword();
            await users.UpdatePasswordAsync(found.User.Id, AdminPasswords.Hash(password), mustChangePassword: true, ct);
            await store.AuditAsync(null, "user.reset-password", found.User.Email, "", ct);
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new
            {
                found.User.Id,
                found.User.Email,
                MustChangePassword = true,
                OneTimePassword = password,
            }, CliApp.Json));
            return CliApp.Success;
        });
        return command;
    }

    private static IUserStore Users(CliStore store) => store.Services.GetService<IUserStore>() ?? throw new CliException("Local accounts belong to the embedded store; on Microsoft 365 (Store:Provider Graph) sign-in is Microsoft Entra ID.");

    private static string ValidEmail(string value)
    {
        var v = value.Trim();
        if (v.Length is 0 or > 320 || ControlCharacters.In(value) || !MailAddress.TryCreate(v, out var parsed) || !string.Equals(parsed.Address, v, StringComparison.Ordinal))
            throw new CliException($"'{value}' is not an email address.");
        return v;
    }
}
