using System.Text.Json;
using Bookings.Cli;
using Bookings.Core.Admin;
using Bookings.Store.Sqlite.Users;

namespace Bookings.Web.Tests.Admin;

public sealed class UsersCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bookings-users-cli-").FullName;
    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => Bookings.Web.Tests.Cli.CliRun.RunAsync(DataDir, TimeProvider.System, args);

    [Fact]
    public async Task UsersAreAddedListedAndTheirPasswordReset()
    {
        var added = await Run("users", "add", "ewa@contoso.com", "--name", "Ewa Nowak", "--tenant-admin");
        Assert.Equal(0, added.Code);
        var json = JsonDocument.Parse(added.Out).RootElement;
        var password = json.GetProperty("oneTimePassword").GetString()!;
        Assert.Equal(20, password.Length);
        Assert.True(json.GetProperty("mustChangePassword").GetBoolean());
        Assert.True(json.GetProperty("isTenantAdmin").GetBoolean());
        Assert.Equal(0, (await Run("users", "add", "jan@contoso.com", "--name", "Jan")).Code);

        var store = new SqliteUserStore(DataDir);
        var stored = (await store.FindByEmailAsync("EWA@contoso.com", CancellationToken.None))!;
        Assert.True(AdminPasswords.Verify(password, stored.PasswordHash));
        Assert.True(stored.User.MustChangePassword);

        var list = await Run("users", "list");
        Assert.Equal(0, list.Code);
        var users = JsonDocument.Parse(list.Out).RootElement;
        Assert.Equal(2, users.GetArrayLength());
        Assert.Equal("ewa@contoso.com", users[0].GetProperty("email").GetString());
        Assert.False(users[1].GetProperty("isTenantAdmin").GetBoolean());
        Assert.DoesNotContain("password_hash", list.Out, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("v1$", list.Out, StringComparison.Ordinal);

        // Reset: a new one-time password, the old one gone, any lockout lifted.
        await store.RecordFailureAsync(stored.User.Id, 1, DateTimeOffset.MaxValue, CancellationToken.None);
        var reset = await Run("users", "reset-password", "ewa@contoso.com");
        Assert.Equal(0, reset.Code);
        var newPassword = JsonDocument.Parse(reset.Out).RootElement.GetProperty("oneTimePassword").GetString()!;
        var after = (await store.FindByEmailAsync("ewa@contoso.com", CancellationToken.None))!;
        Assert.True(AdminPasswords.Verify(newPassword, after.PasswordHash));
        Assert.False(AdminPasswords.Verify(password, after.PasswordHash));
        Assert.True(after.User.MustChangePassword);
        Assert.Null(after.User.LockedUntil);
    }

    [Theory]
    [InlineData("exists already", "users", "add", "EWA@contoso.com", "--name", "Again")]
    [InlineData("not an email address", "users", "add", "not-an-email", "--name", "X")]
    [InlineData("not an email address", "users", "add", "jan@contoso.com\n", "--name", "Jan")]
    [InlineData("no user with the email", "users", "reset-password", "nobody@contoso.com")]
    public async Task MistakesAreOneLineAndANonZeroExit(string expected, params string[] args)
    {
        Assert.Equal(0, (await Run("users", "add", "ewa@contoso.com", "--name", "Ewa")).Code);
        var r = await Run(args);
        Assert.NotEqual(0, r.Code);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, r.Err);
    }
}
