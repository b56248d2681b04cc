using System.Net;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation;

namespace Bookings.Store.Tests.Emulator;

/// <summary>Mail folders, messages, contacts and sendMail of the Graph emulator.</summary>
public sealed class GraphEmulatorMailTests : IDisposable
{
    private const string User = $"users/{Harness.Mailbox}";
    private readonly Harness _h = new();

    public void Dispose() => _h.Dispose();

    private async Task<string> HiddenFolder(string name = "Bookings")
    {
        var folder = await _h.Post($"{User}/mailFolders", new JsonObject { ["displayName"] = name, ["isHidden"] = true });
        Assert.Equal(HttpStatusCode.Created, folder.Status);
        return folder.Id;
    }

    private static JsonObject Message(string subject, string body = "{}", params (string Name, string Value)[] properties)
    {
        var m = new JsonObject { ["subject"] = subject, ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = body } };
        if (properties.Length > 0) m["singleValueExtendedProperties"] = Harness.Properties(properties);
        return m;
    }

    // user-list-mailfolders.md: "By default, this operation does not return hidden folders. Use a query parameter
    // includeHiddenFolders to include them"; user-post-mailfolders.md: isHidden at creation.
    [Fact]
    public async Task HiddenFoldersListOnlyWithIncludeHiddenFolders()
    {
        await HiddenFolder();
        var plain = await _h.Get($"{User}/mailFolders?$top=100");
        Assert.DoesNotContain(plain.Value, f => f!["displayName"]!.GetValue<string>() == "Bookings");
        Assert.Contains(plain.Value, f => f!["displayName"]!.GetValue<string>() == "Inbox");
        var all = await _h.Get($"{User}/mailFolders?includeHiddenFolders=true&$top=100");
        Assert.True(Assert.Single(all.Value, f => f!["displayName"]!.GetValue<string>() == "Bookings")!["isHidden"]!.GetValue<bool>());
    }

    // user-list-mailfolders.md tip: the default page size is 10; a new mailbox already has eight folders.
    [Fact]
    public async Task FolderListsPageByTen()
    {
        await _h.Post($"{User}/mailFolders", new JsonObject { ["displayName"] = "A" });
        await _h.Post($"{User}/mailFolders", new JsonObject { ["displayName"] = "B" });
        await _h.Post($"{User}/mailFolders", new JsonObject { ["displayName"] = "C" });
        var first = await _h.Get($"{User}/mailFolders");
        Assert.Equal(10, first.Value.Count);
        Assert.NotNull(first.Body!["@odata.nextLink"]);
        var byName = await _h.Get($"{User}/mailFolders?$filter={Harness.Filter("displayName eq 'c'")}");
        Assert.Single(byName.Value);
    }

    [Fact]
    public async Task ASecondFolderOfTheSameNameConflicts()
    {
        await HiddenFolder();
        var again = await _h.Post($"{User}/mailFolders", new JsonObject { ["displayName"] = "bookings", ["isHidden"] = true });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("ErrorFolderExists", again.ErrorCode);
    }

    // mailfolder-post-messages.md: a draft; no transactionId, so a repeated POST makes a second message.
    [Fact]
    public async Task MessagePostsAreDraftsWithoutIdempotency()
    {
        var folder = await HiddenFolder();
        var first = await _h.Post($"{User}/mailFolders/{folder}/messages", Message("Calendar"));
        var second = await _h.Post($"{User}/mailFolders/{folder}/messages", Message("Calendar"));
        Assert.True(first.Body!["isDraft"]!.GetValue<bool>());
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, (await _h.Get($"{User}/mailFolders/{folder}/messages")).Value.Count);
    }

    // message-update.md: body "Updatable only if isDraft = true"; the update answers the message.
    [Fact]
    public async Task DraftBodyIsUpdatable()
    {
        var folder = await HiddenFolder();
        var created = await _h.Post($"{User}/mailFolders/{folder}/messages", Message("Calendar", "v1"));
        var patched = await _h.Patch($"{User}/messages/{created.Id}", new JsonObject { ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = "v2" } }, $"W/\"{created.ChangeKey}\"");
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var read = await _h.Get($"{User}/mailFolders/{folder}/messages/{created.Id}", r => Harness.Prefer(r, "outlook.body-content-type=\"text\""));
        Assert.Equal("v2", read.Body!["body"]!["content"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _h.Patch($"{User}/messages/{created.Id}", new JsonObject { ["subject"] = "x" }, $"W/\"{created.ChangeKey}\"")).Status);
    }

    // user-list-messages.md documents Prefer: outlook.body-content-type on the list; microsoft-graph-docs#4156 reports it
    // ignored there (GraphEmulatorOptions.ListBodyContentType); GET of one message honours it (message-get.md).
    [Fact]
    public async Task ListBodyPreferenceIsASwitch()
    {
        var folder = await HiddenFolder();
        await _h.Post($"{User}/mailFolders/{folder}/messages", Message("Calendar", "plain"));
        void Text(HttpRequestMessage r) => Harness.Prefer(r, "outlook.body-content-type=\"text\"");
        var ignored = await _h.Get($"{User}/mailFolders/{folder}/messages", Text);
        Assert.Equal("html", ignored.Value[0]!["body"]!["contentType"]!.GetValue<string>());
        Assert.Equal("", ignored.Header("Preference-Applied"));

        _h.Graph.Options = _h.Graph.Options with { ListBodyContentType = ListBodyPreference.Honoured };
        var honoured = await _h.Get($"{User}/mailFolders/{folder}/messages", Text);
        Assert.Equal("plain", honoured.Value[0]!["body"]!["content"]!.GetValue<string>());
    }

    // Extended-property filters on messages follow singlevaluelegacyextendedproperty-get.md like events; createdDateTime
    // filters as a date-time (concepts/query-parameters.md); user-list-messages.md: $orderby properties must appear first
    // in $filter, otherwise InefficientFilter.
    [Fact]
    public async Task MessagesFilterByPropertyAndDateAndRefuseAnInefficientOrder()
    {
        var folder = await HiddenFolder();
        await _h.Post($"{User}/mailFolders/{folder}/messages", Message("Outbox", "{}", ("Kind", "outbox")));
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await _h.Post($"{User}/mailFolders/{folder}/messages", Message("Audit", "{}", ("Kind", "audit")));
        var uri = $"{User}/mailFolders/{folder}/messages";
        Assert.Single((await _h.Get($"{uri}?$filter={Harness.Filter(Harness.PropertyFilter("Kind", "eq", "AUDIT"))}")).Value);
        Assert.Single((await _h.Get($"{uri}?$filter={Harness.Filter("createdDateTime ge 2026-03-02T09:01:00Z")}")).Value);
        var inefficient = await _h.Get($"{uri}?$filter={Harness.Filter("subject eq 'Audit'")}&$orderby=createdDateTime");
        Assert.Equal("InefficientFilter", inefficient.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await _h.Get($"{uri}?$filter={Harness.Filter("createdDateTime ge 2026-03-01T00:00:00Z")}&$orderby=createdDateTime desc")).Status);
        var newestFirst = await _h.Get(uri);
        Assert.Equal("Audit", newestFirst.Value[0]!["subject"]!.GetValue<string>());
    }

    // singlevaluelegacyextendedproperty-get.md documents string-typed filters for message and event only:
    // GraphEmulatorOptions.ContactExtendedPropertyFilter.
    [Fact]
    public async Task ContactExtendedPropertyFilterIsRefusedUnlessAllowed()
    {
        var folder = (await _h.Post($"{User}/contactFolders", new JsonObject { ["displayName"] = "Bookings customers" })).Id;
        var contact = new JsonObject
        {
            ["displayName"] = "Jan",
            ["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = "jan@example.com", ["name"] = "Jan" }),
            ["singleValueExtendedProperties"] = Harness.Properties(("CustomerId", "c-1")),
        };
        Assert.Equal(HttpStatusCode.Created, (await _h.Post($"{User}/contactFolders/{folder}/contacts", contact)).Status);
        var uri = $"{User}/contactFolders/{folder}/contacts?$filter={Harness.Filter(Harness.PropertyFilter("CustomerId", "eq", "c-1"))}";
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get(uri)).Status);
        _h.Graph.Options = _h.Graph.Options with { ContactExtendedPropertyFilter = UndocumentedFilter.Allowed };
        Assert.Single((await _h.Get(uri)).Value);
    }

    // user-list-contacts.md: emailAddresses/any(a:a/address eq '…') only — no other operator, no other sub-property.
    [Fact]
    public async Task ContactsFilterByEmailAddressOnlyWithEq()
    {
        var contact = new JsonObject { ["displayName"] = "Jan", ["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = "jan@example.com" }) };
        await _h.Post($"{User}/contacts", contact);
        Assert.Single((await _h.Get($"{User}/contacts?$filter={Harness.Filter("emailAddresses/any(a:a/address eq 'JAN@example.com')")}")).Value);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get($"{User}/contacts?$filter={Harness.Filter("emailAddresses/any(a:startswith(a/address, 'jan'))")}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get($"{User}/contacts?$filter={Harness.Filter("emailAddresses/any(a:a/name eq 'Jan')")}")).Status);
    }

    // contactfolder-list-contacts.md + concepts/paging.md; contact-update.md; $expand of extended properties.
    [Fact]
    public async Task ContactsPageExpandAndPatch()
    {
        var folder = (await _h.Post($"{User}/contactFolders", new JsonObject { ["displayName"] = "Bookings customers" })).Id;
        string? id = null;
        for (var i = 0; i < 12; i++)
            id = (await _h.Post($"{User}/contactFolders/{folder}/contacts", new JsonObject { ["displayName"] = $"C{i}", ["singleValueExtendedProperties"] = Harness.Properties(("N", $"{i}")) })).Id;
        var page = await _h.Get($"{User}/contactFolders/{folder}/contacts");
        Assert.Equal(10, page.Value.Count);
        Assert.Equal(2, (await _h.Get(page.Body!["@odata.nextLink"]!.GetValue<string>())).Value.Count);
        Assert.Equal(HttpStatusCode.OK, (await _h.Patch($"{User}/contacts/{id}", new JsonObject { ["givenName"] = "Jan" })).Status);
        var read = await _h.Get($"{User}/contactFolders/{folder}/contacts/{id}?$expand={Harness.Filter($"singleValueExtendedProperties($filter=id eq '{Harness.Prop("N")}')")}");
        Assert.Equal("Jan", read.Body!["givenName"]!.GetValue<string>());
        Assert.Equal("11", read.Body["singleValueExtendedProperties"]![0]!["value"]!.GetValue<string>());
    }

    // user-sendmail.md: 202 Accepted, no body; file attachments inline.
    [Fact]
    public async Task SendMailIsAcceptedAndRecorded()
    {
        var mail = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["subject"] = "Confirmed",
                ["body"] = new JsonObject { ["contentType"] = "Text", ["content"] = "See you" },
                ["toRecipients"] = Recipients("jan@example.com"),
                ["attachments"] = new JsonArray(new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.fileAttachment",
                    ["name"] = "invite.ics",
                    ["contentType"] = "text/calendar",
                    ["contentBytes"] = Convert.ToBase64String("BEGIN:VCALENDAR"u8.ToArray()),
                }),
            },
            ["saveToSentItems"] = false,
        };
        var reply = await _h.Post($"{User}/sendMail", mail);
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Null(reply.Body);
        var sent = Assert.Single(_h.Graph.SentMailOf(Harness.Mailbox));
        Assert.Equal(["jan@example.com"], sent.Recipients);
        Assert.Equal("BEGIN:VCALENDAR", System.Text.Encoding.UTF8.GetString(Assert.Single(sent.Attachments).Content));
        Assert.False(sent.SaveToSentItems);
    }

    private static JsonArray Recipients(string address) => new(new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = address } });

    // Exchange Online limits: 30 messages a minute per mailbox; beyond, 429 (or deferred, MicrosoftDocs/OfficeDocs-Support#1150).
    [Fact]
    public async Task SendMailOverThirtyAMinuteIsThrottledOrDeferred()
    {
        JsonObject Mail() => new() { ["message"] = new JsonObject { ["subject"] = "x", ["toRecipients"] = Recipients("jan@example.com") } };
        for (var i = 0; i < 30; i++) Assert.Equal(HttpStatusCode.Accepted, (await _h.Post($"{User}/sendMail", Mail())).Status);
        var throttled = await _h.Post($"{User}/sendMail", Mail());
        Assert.Equal((HttpStatusCode)429, throttled.Status);
        Assert.Equal("60", throttled.Header("Retry-After"));

        _h.Graph.Options = _h.Graph.Options with { SendRateExceeded = SendRateExceeded.Deferred };
        Assert.Equal(HttpStatusCode.Accepted, (await _h.Post($"{User}/sendMail", Mail())).Status);
        Assert.True(_h.Graph.SentMailOf(Harness.Mailbox)[^1].Deferred);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.Graph.Options = _h.Graph.Options with { SendRateExceeded = SendRateExceeded.Throttled };
        Assert.Equal(HttpStatusCode.Accepted, (await _h.Post($"{User}/sendMail", Mail())).Status);
    }

    [Fact]
    public async Task SendMailWithoutRecipientsIsRefused()
    {
        var reply = await _h.Post($"{User}/sendMail", new JsonObject { ["message"] = new JsonObject { ["subject"] = "x" } });
        Assert.Equal("ErrorInvalidRecipients", reply.ErrorCode);
    }
}
