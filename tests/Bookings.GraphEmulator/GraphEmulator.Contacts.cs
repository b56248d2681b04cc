using System.Text.Json.Nodes;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

/// <summary>Contact folders and contacts: users/{id}/contactFolders, …/contactFolders/{id}/contacts, users/{id}/contacts.</summary>
public sealed partial class GraphEmulator
{
    /// <summary>Contacts of a mailbox (all folders), with their extended properties expanded.</summary>
    public IReadOnlyList<JsonObject> ContactsOf(string mailbox)
    {
        lock (_lock)
        {
            var m = Get(mailbox);
            return [.. m.Contacts.Values.OrderBy(x => x.Sequence).Select(x => WithProperties(RenderContact(x), x))];
        }
    }

    private static Folder ContactFolderOf(Mailbox m, string id) =>
        id == m.DefaultContactFolderId ? new Folder(id, "Contacts", "", false) : m.ContactFolders.GetValueOrDefault(id) ?? throw NotFound();

    private Answer ContactFolders(Call c, Mailbox m)
    {
        if (c.Method == "GET")
        {
            // user-list-contactfolders.md: the folders under the default Contacts folder.
            var rows = m.ContactFolders.Values.Select(f =>
            {
                var full = ContactFolderJson(m, f);
                return (full, Shape(full, f.Properties, c, Schemas.ContactFolder, "contactFolder", _options), (IReadOnlyDictionary<string, ExtendedProperty>)f.Properties);
            });
            return Page(c, $"users('{m.Address}')/contactFolders", rows,
                new FilterRules("contactFolder", Schemas.ContactFolder, StringExtendedProperties: false, _options.MaxExtendedPropertyClauses),
                defaultOrder: full => full["displayName"]!.GetValue<string>());
        }
        if (c.Method == "POST")
        {
            // user-post-contactfolders.md
            var body = c.BodyObject;
            CheckWritable(body, Schemas.ContactFolder, "contactFolder");
            var name = ReadString(body, "displayName");
            if (string.IsNullOrWhiteSpace(name)) throw new GraphError(400, "ErrorInvalidRequest", "The displayName of a folder is required.");
            if (m.ContactFolders.Values.Any(f => f.DisplayName.Equals(name, StringComparison.OrdinalIgnoreCase)))
                throw new GraphError(409, "ErrorFolderExists", "A folder with the specified name already exists.");
            var folder = new Folder(Ids.New("AAMkADCf"), name, m.DefaultContactFolderId, isHidden: false);
            WriteProperties(folder.Properties, body["singleValueExtendedProperties"]);
            m.ContactFolders[folder.Id] = folder;
            var json = ContactFolderJson(m, folder);
            json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/contactFolders/$entity");
            return new Answer(201, json);
        }
        throw MethodNotAllowed();
    }

    private static JsonObject ContactFolderJson(Mailbox m, Folder f) => new()
    {
        ["id"] = f.Id,
        ["displayName"] = f.DisplayName,
        ["parentFolderId"] = f.ParentFolderId,
    };

    private Answer ContactFolder(Call c, Mailbox m, string id)
    {
        if (!m.ContactFolders.TryGetValue(id, out var folder)) throw NotFound();
        switch (c.Method)
        {
            case "GET":
                return new Answer(200, Shape(ContactFolderJson(m, folder), folder.Properties, c, Schemas.ContactFolder, "contactFolder", _options));
            case "DELETE":
                m.ContactFolders.Remove(id);
                foreach (var x in m.Contacts.Values.Where(x => x.FolderId == id).ToList()) m.Contacts.Remove(x.Id);
                return new Answer(204);
        }
        throw MethodNotAllowed();
    }

    private Answer FolderContacts(Call c, Mailbox m, string folderId, GraphEmulatorOptions o)
    {
        if (c.Method == "GET")
        {
            // contactfolder-list-contacts.md, user-list-contacts.md: $filter on emailAddresses takes only
            // any(a: a/address eq '…'); string extended-property filters are documented for message and event only
            // (singlevaluelegacyextendedproperty-get.md): GraphEmulatorOptions.ContactExtendedPropertyFilter.
            var rows = m.Contacts.Values.Where(x => x.FolderId == folderId).Select(x =>
            {
                var full = RenderContact(x);
                return (full, Shape(full, x.Properties, c, Schemas.Contact, "contact", o), (IReadOnlyDictionary<string, ExtendedProperty>)x.Properties);
            });
            return Page(c, $"users('{m.Address}')/contactFolders('{folderId}')/contacts", rows,
                new FilterRules("contact", Schemas.Contact, o.ContactExtendedPropertyFilter == UndocumentedFilter.Allowed, o.MaxExtendedPropertyClauses),
                defaultOrder: full => full["id"]!.GetValue<string>());
        }
        if (c.Method == "POST")
        {
            // user-post-contacts.md / contactfolder-post-contacts.md: 201 with the contact; no transactionId, so a
            // retried POST makes a second contact.
            var body = c.BodyObject;
            CheckWritable(body, Schemas.Contact, "contact");
            var data = new JsonObject();
            Merge(data, body);
            CheckEmailAddresses(data);
            var contact = new Item(ItemKind.Contact, Ids.New("AAMkADCn"), data, Now(), NextSequence()) { FolderId = folderId };
            WriteProperties(contact.Properties, body["singleValueExtendedProperties"]);
            ScheduleRotation(contact, o);
            m.Contacts[contact.Id] = contact;
            var json = RenderContact(contact);
            json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/contacts/$entity");
            return new Answer(201, json);
        }
        throw MethodNotAllowed();
    }

    private static void CheckEmailAddresses(JsonObject data)
    {
        if (data["emailAddresses"] is null) return;
        if (data["emailAddresses"] is not JsonArray a || a.Any(x => x is not JsonObject))
            throw new GraphError(400, "BadRequest", "emailAddresses must be a collection of emailAddress.");
    }

    private Answer ContactItem(Call c, Mailbox m, string? folderId, string id, GraphEmulatorOptions o)
    {
        if (!m.Contacts.TryGetValue(id, out var contact) || (folderId is not null && contact.FolderId != folderId)) throw NotFound();
        switch (c.Method)
        {
            case "GET":
                {
                    var json = Shape(RenderContact(contact), contact.Properties, c, Schemas.Contact, "contact", o);
                    json.Insert(0, "@odata.context", $"{BaseAddress}$metadata#users('{m.Address}')/contacts/$entity");
                    return new Answer(200, json);
                }
            case "PATCH":
                {
                    // contact-update.md: 200 with the contact; properties not in the body keep their values.
                    var body = c.BodyObject;
                    CheckWritable(body, Schemas.Contact, "contact");
                    CheckPatch(c, contact, o);
                    var properties = new Dictionary<string, ExtendedProperty>(contact.Properties);
                    WriteProperties(properties, body["singleValueExtendedProperties"]);
                    var data = Clone(contact.Data);
                    Merge(data, body);
                    CheckEmailAddresses(data);
                    contact.Data = data;
                    foreach (var (k, v) in properties) contact.Properties[k] = v;
                    Touch(contact, Now());
                    return new Answer(200, RenderContact(contact));
                }
            case "DELETE":
                m.Contacts.Remove(id);
                return new Answer(204);
        }
        throw MethodNotAllowed();
    }

    /// <summary>The full representation of resources/contact.md.</summary>
    private static JsonObject RenderContact(Item x)
    {
        var d = x.Data;
        var json = new JsonObject
        {
            ["@odata.etag"] = $"W/\"{x.ChangeKey}\"",
            ["id"] = x.Id,
            ["createdDateTime"] = Formats.Timestamp(x.Created),
            ["lastModifiedDateTime"] = Formats.Timestamp(x.LastModified),
            ["changeKey"] = x.ChangeKey,
            ["categories"] = d["categories"]?.DeepClone() ?? new JsonArray(),
            ["parentFolderId"] = x.FolderId,
        };
        foreach (var name in new[] { "birthday", "fileAs", "displayName", "givenName", "initials", "middleName", "nickName", "surname", "title",
                     "yomiGivenName", "yomiSurname", "yomiCompanyName", "generation", "jobTitle", "companyName", "department", "officeLocation",
                     "profession", "businessHomePage", "assistantName", "manager", "mobilePhone", "spouseName", "personalNotes" })
            json[name] = d[name]?.DeepClone() ?? (name is "fileAs" or "personalNotes" ? "" : null);
        foreach (var name in new[] { "imAddresses", "businessPhones", "homePhones", "children", "emailAddresses" })
            json[name] = d[name]?.DeepClone() ?? new JsonArray();
        foreach (var name in new[] { "homeAddress", "businessAddress", "otherAddress" })
            json[name] = d[name]?.DeepClone() ?? new JsonObject();
        return json;
    }
}
