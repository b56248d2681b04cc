using System.Text.Json.Nodes;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

/// <summary>Mail folders and messages: users/{id}/mailFolders, …/mailFolders/{id}/messages, users/{id}/messages.</summary>
public sealed partial class GraphEmulator
{
    // user-list-mailfolders.md's example: the folders directly under the root of a new mailbox.
    private static readonly (string Name, string WellKnown)[] WellKnownFolders =
    [
        ("Archive", "archive"), ("Conversation History", "conversationhistory"), ("Deleted Items", "deleteditems"),
        ("Drafts", "drafts"), ("Inbox", "inbox"), ("Junk Email", "junkemail"), ("Outbox", "outbox"), ("Sent Items", "sentitems"),
    ];

    private static void SeedWellKnownFolders(Mailbox m)
    {
        var root = Ids.New("AAMkADRt");
        m.MailFolders[root] = new Folder(root, "Top of Information Store", "", isHidden: false, "msgfolderroot");
        foreach (var (name, wellKnown) in WellKnownFolders)
        {
            var id = Ids.New("AAMkADFd");
            m.MailFolders[id] = new Folder(id, name, root, isHidden: false, wellKnown);
        }
    }

    /// <summary>Messages of a mailbox (all folders) as the emulator renders them, HTML bodies, properties expanded.</summary>
    public IReadOnlyList<JsonObject> MessagesOf(string mailbox)
    {
        lock (_lock)
        {
            var m = Get(mailbox);
            return [.. m.Messages.Values.OrderBy(x => x.Sequence).Select(x => WithProperties(RenderMessage(x, "html"), x))];
        }
    }

    private static JsonObject WithProperties(JsonObject json, Item item)
    {
        if (item.Properties.Count > 0)
            json["singleValueExtendedProperties"] = new JsonArray([.. item.Properties.Values.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["value"] = p.Value })]);
        return json;
    }

    private static Folder? FolderByName(Mailbox m, string idOrWellKnown) =>
        m.MailFolders.TryGetValue(idOrWellKnown, out var f) ? f
            : m.MailFolders.Values.FirstOrDefault(x => x.WellKnownName is not null && x.WellKnownName.Equals(idOrWellKnown, StringComparison.OrdinalIgnoreCase));

    private static Folder MailFolderOf(Mailbox m, string idOrWellKnown) => FolderByName(m, idOrWellKnown) ?? throw NotFound();

    private static string RootId(Mailbox m) => m.MailFolders.Values.First(f => f.WellKnownName == "msgfolderroot").Id;

    private Answer MailFolders(Call c, Mailbox m)
    {
        var root = RootId(m);
        if (c.Method == "GET")
        {
            // user-list-mailfolders.md: the child folders of the root; hidden ones only with includeHiddenFolders=true.
            var hidden = c.Query.TryGetValue("includeHiddenFolders", out var h) && h.Equals("true", StringComparison.OrdinalIgnoreCase);
            var rows = m.MailFolders.Values.Where(f => f.ParentFolderId == root && (hidden || !f.IsHidden))
                .Select(f => FolderRow(c, m, f));
            return Page(c, $"users('{m.Address}')/mailFolders", rows,
                new FilterRules("mailFolder", Schemas.MailFolder, StringExtendedProperties: false, _options.MaxExtendedPropertyClauses),
                defaultOrder: full => full["displayName"]!.GetValue<string>());
        }
        if (c.Method == "POST")
        {
            // user-post-mailfolders.md: displayName, and isHidden at creation only.
            var body = c.BodyObject;
            CheckWritable(body, Schemas.MailFolder, "mailFolder");
            var name = ReadString(body, "displayName");
            if (string.IsNullOrWhiteSpace(name)) throw new GraphError(400, "ErrorInvalidRequest", "The displayName of a folder is required.");
            if (m.MailFolders.Values.Any(f => f.ParentFolderId == root && f.DisplayName.Equals(name, StringComparison.OrdinalIgnoreCase)))
                throw new GraphError(409, "ErrorFolderExists", "A folder with the specified name already exists.");
            var folder = new Folder(Ids.New("AAMkADFd"), name, root, body["isHidden"]?.GetValue<bool>() ?? false);
            WriteProperties(folder.Properties, body["singleValueExtendedProperties"]);
            m.MailFolders[folder.Id] = folder;
            var json = FolderJson(m, folder);
            json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/mailFolders/$entity");
            return new Answer(201, json);
        }
        throw MethodNotAllowed();
    }

    private (JsonObject, JsonObject, IReadOnlyDictionary<string, ExtendedProperty>) FolderRow(Call c, Mailbox m, Folder f)
    {
        var full = FolderJson(m, f);
        return (full, Shape(full, f.Properties, c, Schemas.MailFolder, "mailFolder", _options), f.Properties);
    }

    private static JsonObject FolderJson(Mailbox m, Folder f) => new()
    {
        ["id"] = f.Id,
        ["displayName"] = f.DisplayName,
        ["parentFolderId"] = f.ParentFolderId,
        ["childFolderCount"] = m.MailFolders.Values.Count(x => x.ParentFolderId == f.Id),
        ["unreadItemCount"] = 0,
        ["totalItemCount"] = m.Messages.Values.Count(x => x.FolderId == f.Id),
        ["isHidden"] = f.IsHidden,
    };

    private Answer MailFolder(Call c, Mailbox m, string id)
    {
        var folder = MailFolderOf(m, id);
        switch (c.Method)
        {
            case "GET":
                {
                    var json = Shape(FolderJson(m, folder), folder.Properties, c, Schemas.MailFolder, "mailFolder", _options);
                    json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/mailFolders/$entity");
                    return new Answer(200, json);
                }
            case "PATCH":
                {
                    var body = c.BodyObject;
                    CheckWritable(body, Schemas.MailFolder, "mailFolder");
                    if (body.ContainsKey("isHidden"))
                        throw new GraphError(400, "ErrorInvalidPropertyUpdate", "isHidden can be set only when the folder is created.");
                    if (ReadString(body, "displayName") is { } name) folder.DisplayName = name;
                    WriteProperties(folder.Properties, body["singleValueExtendedProperties"]);
                    return new Answer(200, FolderJson(m, folder));
                }
            case "DELETE":
                if (folder.WellKnownName is not null) throw new GraphError(403, "ErrorDeleteDistinguishedFolder", "Distinguished folders cannot be deleted.");
                m.MailFolders.Remove(folder.Id);
                foreach (var msg in m.Messages.Values.Where(x => x.FolderId == folder.Id).ToList()) m.Messages.Remove(msg.Id);
                return new Answer(204);
        }
        throw MethodNotAllowed();
    }

    private Answer FolderMessages(Call c, Mailbox m, string folderId, GraphEmulatorOptions o)
    {
        var folder = MailFolderOf(m, folderId);
        return c.Method switch
        {
            "GET" => ListMessages(c, m, folder, o),
            "POST" => CreateMessage(c, m, folder, o),
            _ => throw MethodNotAllowed(),
        };
    }

    /// <summary>mailfolder-list-messages.md / user-list-messages.md: default page size 10, $top 1–1000, $filter and
    /// $orderby together only in the documented way; newest first without $orderby.</summary>
    private Answer ListMessages(Call c, Mailbox m, Folder? folder, GraphEmulatorOptions o)
    {
        c.Options.CheckOrderByAgainstFilter();
        var rows = m.Messages.Values.Where(x => folder is null || x.FolderId == folder.Id).Select(x =>
        {
            var full = RenderMessage(x, WantedBodyType(c, isList: true, o));
            return (full, Shape(full, x.Properties, c, Schemas.Message, "message", o), (IReadOnlyDictionary<string, ExtendedProperty>)x.Properties);
        });
        var context = folder is null ? $"users('{m.Address}')/messages" : $"users('{m.Address}')/mailFolders('{folder.Id}')/messages";
        return Page(c, context, rows, new FilterRules("message", Schemas.Message, StringExtendedProperties: true, o.MaxExtendedPropertyClauses),
            defaultOrder: full => full["receivedDateTime"]!.GetValue<string>() + "|" + full["id"]!.GetValue<string>(), defaultDescending: true);
    }

    /// <summary>mailfolder-post-messages.md: a new message is a draft (isDraft true); 201 with it. There is no
    /// transactionId for messages: a retried POST makes a second item.</summary>
    private Answer CreateMessage(Call c, Mailbox m, Folder folder, GraphEmulatorOptions o)
    {
        var body = c.BodyObject;
        CheckWritable(body, Schemas.Message, "message");
        CheckEnum(body, "importance", "importance", "low", "normal", "high");
        var data = new JsonObject();
        Merge(data, body);
        var msg = new Item(ItemKind.Message, Ids.New("AAMkADMs"), data, Now(), NextSequence()) { FolderId = folder.Id };
        data["isDraft"] = true;
        WriteProperties(msg.Properties, body["singleValueExtendedProperties"]);
        ScheduleRotation(msg, o);
        m.Messages[msg.Id] = msg;
        var json = RenderMessage(msg, WantedBodyType(c, isList: false, o));
        json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/mailFolders('{folder.Id}')/messages/$entity");
        return new Answer(201, json);
    }

    private Answer MessageItem(Call c, Mailbox m, string? folderId, string id, GraphEmulatorOptions o)
    {
        var folder = folderId is null ? null : MailFolderOf(m, folderId);
        if (!m.Messages.TryGetValue(id, out var msg) || (folder is not null && msg.FolderId != folder.Id)) throw NotFound();
        switch (c.Method)
        {
            case "GET":
                {
                    // message-get.md: Prefer: outlook.body-content-type is honoured on a GET of one message.
                    var json = Shape(RenderMessage(msg, WantedBodyType(c, isList: false, o)), msg.Properties, c, Schemas.Message, "message", o);
                    json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/messages/$entity");
                    return new Answer(200, json);
                }
            case "PATCH":
                {
                    var body = c.BodyObject;
                    CheckWritable(body, Schemas.Message, "message");
                    CheckEnum(body, "importance", "importance", "low", "normal", "high");
                    // message-update.md: body, subject, internetMessageId and replyTo are "Updatable only if isDraft = true".
                    if (msg.Data["isDraft"]?.GetValue<bool>() != true)
                        foreach (var draftOnly in new[] { "body", "subject", "internetMessageId", "replyTo" })
                            if (body.ContainsKey(draftOnly))
                                throw new GraphError(400, "ErrorInvalidPropertyUpdateSentMessage", $"Update of {draftOnly} is not supported for a message that is not a draft.");
                    CheckPatch(c, msg, o);
                    var properties = new Dictionary<string, ExtendedProperty>(msg.Properties);
                    WriteProperties(properties, body["singleValueExtendedProperties"]);
                    Merge(msg.Data, body);
                    foreach (var (k, v) in properties) msg.Properties[k] = v;
                    Touch(msg, Now());
                    var json = RenderMessage(msg, WantedBodyType(c, isList: false, o));
                    json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/messages/$entity");
                    return new Answer(200, json);
                }
            case "DELETE":
                m.Messages.Remove(id);
                return new Answer(204);
        }
        throw MethodNotAllowed();
    }

    /// <summary>The full representation of resources/message.md.</summary>
    private static JsonObject RenderMessage(Item x, string wantedBody)
    {
        var d = x.Data;
        var storedBody = d["body"] as JsonObject ?? new JsonObject { ["contentType"] = "text", ["content"] = "" };
        var created = Formats.Timestamp(x.Created);
        return new JsonObject
        {
            ["@odata.etag"] = $"W/\"{x.ChangeKey}\"",
            ["id"] = x.Id,
            ["createdDateTime"] = created,
            ["lastModifiedDateTime"] = Formats.Timestamp(x.LastModified),
            ["changeKey"] = x.ChangeKey,
            ["categories"] = d["categories"]?.DeepClone() ?? new JsonArray(),
            ["receivedDateTime"] = created,
            ["sentDateTime"] = created,
            ["hasAttachments"] = false,
            ["internetMessageId"] = d["internetMessageId"]?.DeepClone() ?? $"<{x.Sequence}.{x.Id.GetHashCode():x8}@emulator.local>",
            ["subject"] = d["subject"]?.DeepClone() ?? "",
            ["bodyPreview"] = Formats.Preview(storedBody),
            ["importance"] = d["importance"]?.DeepClone() ?? "normal",
            ["parentFolderId"] = x.FolderId,
            ["conversationId"] = "AAQkAD" + x.Id[^12..],
            ["conversationIndex"] = "AQHZ",
            ["isDeliveryReceiptRequested"] = d["isDeliveryReceiptRequested"]?.DeepClone() ?? false,
            ["isReadReceiptRequested"] = d["isReadReceiptRequested"]?.DeepClone() ?? false,
            ["isRead"] = d["isRead"]?.DeepClone() ?? true,
            ["isDraft"] = d["isDraft"]?.DeepClone() ?? false,
            ["webLink"] = $"https://outlook.office365.com/owa/?ItemID={Uri.EscapeDataString(x.Id)}&exvsurl=1&viewmodel=ReadMessageItem",
            ["inferenceClassification"] = d["inferenceClassification"]?.DeepClone() ?? "focused",
            ["body"] = Formats.Body(storedBody, wantedBody),
            ["sender"] = d["sender"]?.DeepClone(),
            ["from"] = d["from"]?.DeepClone(),
            ["toRecipients"] = d["toRecipients"]?.DeepClone() ?? new JsonArray(),
            ["ccRecipients"] = d["ccRecipients"]?.DeepClone() ?? new JsonArray(),
            ["bccRecipients"] = d["bccRecipients"]?.DeepClone() ?? new JsonArray(),
            ["replyTo"] = d["replyTo"]?.DeepClone() ?? new JsonArray(),
            ["flag"] = d["flag"]?.DeepClone() ?? new JsonObject { ["flagStatus"] = "notFlagged" },
        };
    }
}
