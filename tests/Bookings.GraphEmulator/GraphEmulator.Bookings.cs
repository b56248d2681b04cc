using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

/// <summary>solutions/bookingBusinesses: each business is a scheduling mailbox of the tenant.</summary>
public sealed partial class GraphEmulator
{
    private const int MaxBusinessesListed = 500;

    /// <summary>A business as an administrator would have made it; returns its id (the scheduling mailbox's address).</summary>
    public string AddBookingBusiness(string displayName, string? address = null)
    {
        lock (_lock) return CreateBusiness(new JsonObject { ["displayName"] = displayName }, address).Address;
    }

    public string AddStaffMember(string business, string displayName, string emailAddress, string role = "guest")
    {
        lock (_lock)
        {
            var staff = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["displayName"] = displayName,
                ["emailAddress"] = emailAddress,
                ["role"] = role,
                ["timeZone"] = null,
                ["useBusinessHours"] = true,
                ["workingHours"] = new JsonArray(),
                ["availabilityIsAffectedByPersonalCalendar"] = true,
                ["isEmailNotificationEnabled"] = false,
            };
            Business(business).StaffMembers.Add(staff);
            return staff["id"]!.GetValue<string>();
        }
    }

    public string AddService(string business, string displayName, TimeSpan? duration = null)
    {
        lock (_lock)
        {
            var service = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["displayName"] = displayName,
                ["defaultDuration"] = System.Xml.XmlConvert.ToString(duration ?? TimeSpan.FromMinutes(30)),
                ["isHiddenFromCustomers"] = false,
                ["staffMemberIds"] = new JsonArray(),
                ["maximumAttendeesCount"] = 1,
            };
            Business(business).Services.Add(service);
            return service["id"]!.GetValue<string>();
        }
    }

    private Mailbox Business(string id) =>
        Resolve(id) is { Kind: MailboxKind.Scheduling } m ? m : throw new InvalidOperationException($"No booking business {id} in the emulator.");

    private Answer BookingBusinesses(Call c, string[] rest)
    {
        var p = c.Principal;
        if (rest.Length == 0)
        {
            if (c.Method == "GET")
            {
                // bookingbusiness-list.md: application permissions "Not supported"; only id and displayName of each
                // business; "Results are limited to 500 mailboxes. Pagination of the results is not currently supported."
                RefuseApp(p, "Business.List");
                var query = c.Query.GetValueOrDefault("query");
                var list = _mailboxes.Values.Where(m => m.Kind == MailboxKind.Scheduling)
                    .Where(m => query is null || m.DisplayName.Contains(query, StringComparison.OrdinalIgnoreCase) || m.Address.Contains(query, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(m => m.Business!["createdSequence"]!.GetValue<long>())
                    .Take(MaxBusinessesListed)
                    .Select(m => (JsonNode)new JsonObject { ["id"] = m.Address, ["displayName"] = m.DisplayName });
                return new Answer(200, new JsonObject
                {
                    ["@odata.context"] = $"{BaseAddress}solutions/$metadata#bookingBusinesses",
                    ["value"] = new JsonArray([.. list]),
                });
            }
            if (c.Method == "POST")
            {
                // bookingbusiness-post-bookingbusinesses.md: delegated Bookings.Manage.All only.
                RefuseApp(p, "Business.Create");
                RequireScope(p, "Bookings.Manage.All");
                var business = CreateBusiness(c.BodyObject, address: null);
                return new Answer(201, BusinessJson(business, entity: true));
            }
            throw MethodNotAllowed();
        }

        var mailbox = Resolve(rest[0]);
        if (mailbox is not { Kind: MailboxKind.Scheduling })
            throw new GraphError(404, "ErrorItemNotFound", $"The booking business '{rest[0]}' was not found.");
        if (rest.Length == 1)
        {
            switch (c.Method)
            {
                case "GET":
                    // bookingbusiness-get.md: application Bookings.Read.All and up may read a business.
                    return new Answer(200, BusinessJson(mailbox, entity: true));
                case "PATCH":
                    RefuseApp(p, "Business.Update");
                    foreach (var (key, value) in c.BodyObject)
                        if (key is not ("id" or "email" or "createdSequence")) mailbox.Business![key] = value?.DeepClone();
                    if (c.BodyObject["displayName"]?.GetValue<string>() is { } name) mailbox.DisplayName = name;
                    return new Answer(204);
                case "DELETE":
                    // bookingbusiness-delete.md; the application-permission announcement: businesses are read-only for apps.
                    RefuseApp(p, "Business.Delete");
                    RequireScope(p, "Bookings.Manage.All");
                    _mailboxes.Remove(mailbox.Address);
                    return new Answer(204);
            }
            throw MethodNotAllowed();
        }

        var collection = Is(rest[1], "staffMembers") ? mailbox.StaffMembers : Is(rest[1], "services") ? mailbox.Services : null;
        if (collection is null)
            throw new GraphError(501, "NotImplemented", "This operation target is not yet supported.");
        var type = Is(rest[1], "staffMembers") ? "bookingStaffMember" : "bookingService";
        if (rest.Length == 2 && c.Method == "GET")
            return new Answer(200, new JsonObject
            {
                ["@odata.context"] = $"{BaseAddress}solutions/$metadata#bookingBusinesses('{mailbox.Address}')/{rest[1]}",
                ["value"] = new JsonArray([.. collection.Select(x => (JsonNode)WithType(x, type))]),
            });
        if (rest.Length == 2 && c.Method == "POST")
        {
            RefuseApp(p, type == "bookingService" ? "Service.Create" : "StaffMember.Create");
            var item = Clone(c.BodyObject);
            item["id"] = Guid.NewGuid().ToString();
            collection.Add(item);
            return new Answer(201, WithType(item, type));
        }
        if (rest.Length == 3 && c.Method == "GET")
            return collection.FirstOrDefault(x => x["id"]!.GetValue<string>() == rest[2]) is { } one
                ? new Answer(200, WithType(one, type))
                : throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
        throw MethodNotAllowed();
    }

    private static JsonObject WithType(JsonObject o, string type)
    {
        var copy = Clone(o);
        copy["@odata.type"] = $"#microsoft.graph.{type}";
        return copy;
    }

    /// <summary>The includes/permissions/bookingbusiness-* tables list application permissions as "Not supported" for list
    /// and create; the refusal's text is the one a tenant gives ("Business.Create does not support the token type: App",
    /// quoted in shared/reference/GRAPH-FACTS.md); its status and code are not documented (403 Forbidden here).</summary>
    private static void RefuseApp(Principal p, string operation)
    {
        if (p.IsApp) throw new GraphError(403, "Forbidden", $"{operation} does not support the token type: App.");
    }

    private static void RequireScope(Principal p, string scope)
    {
        if (!p.Has(scope)) throw new GraphError(403, "ErrorAccessDenied", $"Access is denied. The request needs the {scope} permission.");
    }

    /// <summary>bookingbusiness-post-bookingbusinesses.md: the id is the SMTP address of a new scheduling mailbox, made
    /// from the display name in the tenant's domain ("fourthcoffee@contoso.onmicrosoft.com"); <c>email</c> is only the
    /// business's contact address. How a taken name is made unique is not documented: a number is appended.</summary>
    private Mailbox CreateBusiness(JsonObject body, string? address)
    {
        var displayName = ReadString(body, "displayName");
        if (string.IsNullOrWhiteSpace(displayName))
            throw new GraphError(400, "ErrorInvalidRequest", "The displayName of a booking business is required.");
        if (address is null)
        {
            var local = NonAlphanumeric().Replace(displayName, "").ToLowerInvariant();
            if (local.Length == 0) local = "bookings";
            address = $"{local}@{_options.TenantDomain}";
            for (var n = 1; _mailboxes.ContainsKey(address); n++) address = $"{local}{n}@{_options.TenantDomain}";
        }
        else if (_mailboxes.ContainsKey(address))
        {
            throw new GraphError(409, "ErrorFolderExists", $"A mailbox with address '{address}' already exists.");
        }
        var mailbox = new Mailbox(address, displayName, MailboxKind.Scheduling);
        SeedWellKnownFolders(mailbox);
        var business = new JsonObject
        {
            ["id"] = address,
            ["displayName"] = displayName,
            ["businessType"] = body["businessType"]?.DeepClone() ?? "",
            ["phone"] = body["phone"]?.DeepClone() ?? "",
            ["email"] = body["email"]?.DeepClone() ?? "",
            ["webSiteUrl"] = body["webSiteUrl"]?.DeepClone() ?? "",
            ["languageTag"] = body["languageTag"]?.DeepClone() ?? "en-US",
            ["defaultCurrencyIso"] = body["defaultCurrencyIso"]?.DeepClone() ?? "USD",
            ["isPublished"] = false,
            ["publicUrl"] = null,
            ["address"] = body["address"]?.DeepClone() ?? new JsonObject(),
            ["businessHours"] = body["businessHours"]?.DeepClone() ?? new JsonArray(),
            ["schedulingPolicy"] = body["schedulingPolicy"]?.DeepClone() ?? new JsonObject
            {
                ["timeSlotInterval"] = "PT30M",
                ["minimumLeadTime"] = "P1D",
                ["maximumAdvance"] = "P365D",
                ["sendConfirmationsToOwner"] = true,
                ["allowStaffSelection"] = true,
            },
            ["createdDateTime"] = Formats.Timestamp(Now()),
            ["lastUpdatedDateTime"] = Formats.Timestamp(Now()),
            ["createdSequence"] = NextSequence(),
        };
        mailbox.Business = business;
        _mailboxes[address] = mailbox;
        return mailbox;
    }

    private JsonObject BusinessJson(Mailbox m, bool entity)
    {
        var json = Clone(m.Business!);
        json.Remove("createdSequence");
        if (entity) json["@odata.context"] = $"{BaseAddress}solutions/$metadata#bookingBusinesses/$entity";
        return json;
    }

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonAlphanumeric();
}
