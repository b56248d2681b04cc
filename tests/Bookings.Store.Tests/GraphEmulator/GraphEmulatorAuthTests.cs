using System.Net;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation;

namespace Bookings.Store.Tests.Emulator;

/// <summary>Tokens, mailboxes and bookingBusinesses of the Graph emulator.</summary>
public sealed class GraphEmulatorAuthTests : IDisposable
{
    private readonly Harness _h = new();

    public void Dispose() => _h.Dispose();

    // Every API page, Request headers: "Authorization: Bearer {token}. Required."
    [Fact]
    public async Task RequestWithoutTokenIsUnauthorized()
    {
        using var anonymous = _h.Graph.CreateClient(null);
        var reply = await _h.Send(HttpMethod.Get, $"users/{Harness.Mailbox}/events", client: anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("InvalidAuthenticationToken", reply.ErrorCode);
        Assert.NotNull(reply.Body!["error"]!["innerError"]!["request-id"]);
    }

    [Fact]
    public async Task UnknownAndRevokedTokensAreUnauthorized()
    {
        using var stranger = _h.Graph.CreateClient("not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _h.Send(HttpMethod.Get, $"users/{Harness.Mailbox}", client: stranger)).Status);
        var token = _h.Graph.DelegatedToken("admin@contoso.test");
        using var admin = _h.Graph.CreateClient(token);
        _h.Graph.RevokeToken(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _h.Send(HttpMethod.Get, "solutions/bookingBusinesses", client: admin)).Status);
    }

    // includes/permissions/bookingbusiness-post-bookingbusinesses-permissions.md: Application "Not supported."
    [Fact]
    public async Task AppTokenCannotCreateBookingBusinesses()
    {
        var reply = await _h.Post("solutions/bookingBusinesses", new JsonObject { ["displayName"] = "Fourth Coffee" });
        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("Business.Create does not support the token type: App.", reply.Body!["error"]!["message"]!.GetValue<string>());
    }

    // includes/permissions/bookingbusiness-list-permissions.md: Application "Not supported."; bookingbusiness-delete.md.
    [Fact]
    public async Task AppTokenCannotListOrDeleteBookingBusinesses()
    {
        var id = _h.Graph.AddBookingBusiness("Fourth Coffee");
        Assert.Equal(HttpStatusCode.Forbidden, (await _h.Get("solutions/bookingBusinesses")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _h.Delete($"solutions/bookingBusinesses/{id}")).Status);
        Assert.True(_h.Graph.MailboxExists(id));
    }

    // includes/permissions/bookingbusiness-get-permissions.md and the v1 application-permission announcement: get a
    // business, its staff and services with application permissions.
    [Fact]
    public async Task AppTokenMayReadABusinessItsStaffAndServices()
    {
        var id = _h.Graph.AddBookingBusiness("Fourth Coffee");
        _h.Graph.AddStaffMember(id, "Anna", "anna@contoso.test");
        _h.Graph.AddService(id, "Haircut");
        Assert.Equal("Fourth Coffee", (await _h.Get($"solutions/bookingBusinesses/{id}")).Body!["displayName"]!.GetValue<string>());
        Assert.Single((await _h.Get($"solutions/bookingBusinesses/{id}/staffMembers")).Value);
        Assert.Single((await _h.Get($"solutions/bookingBusinesses/{id}/services")).Value);
    }

    // bookingbusiness-post-bookingbusinesses.md: the id is the scheduling mailbox's address, made from the display name
    // in the tenant's domain; email is the business's contact address. bookingbusiness-list.md: id and displayName only.
    [Fact]
    public async Task DelegatedAdministratorCreatesABusinessThatIsAMailbox()
    {
        using var admin = _h.Graph.CreateClient(_h.Graph.DelegatedToken("admin@contoso.test"));
        var created = await _h.Send(HttpMethod.Post, "solutions/bookingBusinesses",
            new JsonObject { ["displayName"] = "Fourth Coffee", ["email"] = "manager@fourthcoffee.com" }, client: admin);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("fourthcoffee@contoso.onmicrosoft.com", created.Id);
        Assert.Equal("manager@fourthcoffee.com", created.Body!["email"]!.GetValue<string>());
        Assert.True(_h.Graph.MailboxExists(created.Id));

        var again = await _h.Send(HttpMethod.Post, "solutions/bookingBusinesses", new JsonObject { ["displayName"] = "Fourth Coffee" }, client: admin);
        Assert.Equal("fourthcoffee1@contoso.onmicrosoft.com", again.Id);

        var list = await _h.Send(HttpMethod.Get, "solutions/bookingBusinesses", client: admin);
        var first = Assert.IsType<JsonObject>(list.Value[0]);
        Assert.Equal(["id", "displayName"], first.Select(kv => kv.Key));

        // The app reaches the new scheduling mailbox like any other.
        Assert.Equal(HttpStatusCode.Created, (await _h.Post($"users/{created.Id}/events", Harness.Event(Harness.Day.AddHours(9)))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await _h.Send(HttpMethod.Delete, $"solutions/bookingBusinesses/{created.Id}", client: admin)).Status);
        Assert.False(_h.Graph.MailboxExists(created.Id));
    }

    // bookingbusiness-post-bookingbusinesses.md: delegated Bookings.Manage.All only.
    [Fact]
    public async Task DelegatedTokenWithoutManageScopeCannotCreate()
    {
        using var reader = _h.Graph.CreateClient(_h.Graph.DelegatedToken("admin@contoso.test", "Bookings.ReadWrite.All"));
        var reply = await _h.Send(HttpMethod.Post, "solutions/bookingBusinesses", new JsonObject { ["displayName"] = "X" }, client: reader);
        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
    }

    // bookingbusiness-list.md: "Results are limited to 500 mailboxes. Pagination of the results is not currently supported."
    [Fact]
    public async Task BusinessListHoldsAtMost500WithoutANextLink()
    {
        for (var i = 0; i < 503; i++) _h.Graph.AddBookingBusiness($"Shop {i}");
        using var admin = _h.Graph.CreateClient(_h.Graph.DelegatedToken("admin@contoso.test"));
        var list = await _h.Send(HttpMethod.Get, "solutions/bookingBusinesses", client: admin);
        Assert.Equal(500, list.Value.Count);
        Assert.Null(list.Body!["@odata.nextLink"]);
    }

    // Outlook paths of an unknown user answer 404 ErrorInvalidUser (microsoft-graph-docs#4097, #7909); users/{id} is a
    // directory object (Request_ResourceNotFound).
    [Fact]
    public async Task UnknownMailboxIsNotFound()
    {
        var events = await _h.Get("users/nobody@contoso.test/events");
        Assert.Equal(HttpStatusCode.NotFound, events.Status);
        Assert.Equal("ErrorInvalidUser", events.ErrorCode);
        Assert.Equal("Request_ResourceNotFound", (await _h.Get("users/nobody@contoso.test")).ErrorCode);
    }

    // concepts/auth-limit-mailbox-access.md, "Handling API errors": ErrorAccessDenied "Access to OData is disabled."
    [Fact]
    public async Task MailboxOutsideTheAppScopeRefusesEveryCall()
    {
        _h.Graph.SetOutsideAppScope(Harness.Mailbox);
        foreach (var uri in new[] { "events", "mailFolders", "contactFolders", "calendar" })
        {
            var reply = await _h.Get($"users/{Harness.Mailbox}/{uri}");
            Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
            Assert.Equal("ErrorAccessDenied", reply.ErrorCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await _h.Post($"users/{Harness.Mailbox}/events", Harness.Event(Harness.Day))).Status);
    }

    // user-get.md: users/{id | userPrincipalName}.
    [Fact]
    public async Task MailboxIsReachableByIdAndByAddress()
    {
        var id = _h.Graph.MailboxId(Harness.Mailbox);
        var user = await _h.Get($"users/{id}");
        Assert.Equal(Harness.Mailbox, user.Body!["mail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await _h.Post($"users/{id}/events", Harness.Event(Harness.Day))).Status);
    }

    [Fact]
    public async Task DelegatedUserReachesOnlyItsOwnAndGrantedMailboxes()
    {
        _h.Graph.AddMailbox("anna@contoso.test");
        using var anna = _h.Graph.CreateClient(_h.Graph.DelegatedToken("anna@contoso.test"));
        Assert.Equal(HttpStatusCode.OK, (await _h.Send(HttpMethod.Get, "users/anna@contoso.test/events", client: anna)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _h.Send(HttpMethod.Get, $"users/{Harness.Mailbox}/events", client: anna)).Status);
        _h.Graph.GrantDelegatedAccess("anna@contoso.test", Harness.Mailbox);
        Assert.Equal(HttpStatusCode.OK, (await _h.Send(HttpMethod.Get, $"users/{Harness.Mailbox}/events", client: anna)).Status);
    }
}
