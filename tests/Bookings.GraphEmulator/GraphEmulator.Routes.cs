using System.Text.Json.Nodes;
using Bookings.GraphEmulation.OData;
using Bookings.GraphEmulation.State;

namespace Bookings.GraphEmulation;

public sealed partial class GraphEmulator
{
    // Called under _lock.
    private Answer Route(Call c, GraphEmulatorOptions o)
    {
        var s = c.Segments;
        if (s.Length == 0) throw SegmentNotFound("");
        if (Is(s[0], "solutions"))
        {
            if (s.Length < 2 || !Is(s[1], "bookingBusinesses")) throw SegmentNotFound(s.Length < 2 ? "solutions" : s[1]);
            return BookingBusinesses(c, s[2..]);
        }
        if (!Is(s[0], "users") || s.Length < 2) throw SegmentNotFound(s[0]);

        var mailbox = Resolve(s[1]);
        if (mailbox is null)
        {
            // users/{id} is a directory object (user-get.md answers Request_ResourceNotFound); Outlook paths of an unknown
            // user answer 404 ErrorInvalidUser (microsoftgraph/microsoft-graph-docs#4097, #7909).
            if (s.Length == 2) throw new GraphError(404, "Request_ResourceNotFound", $"Resource '{s[1]}' does not exist or one of its queried reference-property objects are not present.");
            throw new GraphError(404, "ErrorInvalidUser", $"The requested user '{s[1]}' is invalid.");
        }
        CheckAccess(c.Principal, mailbox);
        SettleAll(mailbox);

        var r = s[2..];
        switch (r.Length)
        {
            case 0:
                return c.Method == "GET" ? new Answer(200, UserObject(mailbox)) : throw MethodNotAllowed();
            case 1 when Is(r[0], "events"):
                return Events(c, mailbox, o);
            case 1 when Is(r[0], "calendarView"):
                return CalendarView(c, mailbox, o);
            case 1 when Is(r[0], "calendar"):
                return CalendarObject(c, mailbox);
            case 1 when Is(r[0], "mailFolders"):
                return MailFolders(c, mailbox);
            case 1 when Is(r[0], "messages"):
                return c.Method == "POST" ? CreateMessage(c, mailbox, FolderByName(mailbox, "drafts")!, o) : ListMessages(c, mailbox, null, o);
            case 1 when Is(r[0], "contactFolders"):
                return ContactFolders(c, mailbox);
            case 1 when Is(r[0], "contacts"):
                return FolderContacts(c, mailbox, mailbox.DefaultContactFolderId, o);
            case 1 when Is(r[0], "sendMail"):
                return SendMail(c, mailbox, o);
            case 2 when Is(r[0], "events"):
                return EventItem(c, mailbox, r[1], o);
            case 2 when Is(r[0], "calendar") && Is(r[1], "events"):
                return Events(c, mailbox, o);
            case 2 when Is(r[0], "calendar") && Is(r[1], "calendarView"):
                return CalendarView(c, mailbox, o);
            case 2 when Is(r[0], "calendar") && Is(r[1], "getSchedule"):
                return GetSchedule(c, mailbox);
            case 2 when Is(r[0], "calendarView") && Is(r[1], "delta"):
                return Delta(c, mailbox, o);
            case 2 when Is(r[0], "mailFolders"):
                return MailFolder(c, mailbox, r[1]);
            case 2 when Is(r[0], "messages"):
                return MessageItem(c, mailbox, null, r[1], o);
            case 2 when Is(r[0], "contactFolders"):
                return ContactFolder(c, mailbox, r[1]);
            case 2 when Is(r[0], "contacts"):
                return ContactItem(c, mailbox, null, r[1], o);
            case 3 when Is(r[0], "calendar") && Is(r[1], "events"):
                return EventItem(c, mailbox, r[2], o);
            case 3 when Is(r[0], "mailFolders") && Is(r[2], "messages"):
                return FolderMessages(c, mailbox, r[1], o);
            case 3 when Is(r[0], "contactFolders") && Is(r[2], "contacts"):
                return FolderContacts(c, mailbox, ContactFolderOf(mailbox, r[1]).Id, o);
            case 4 when Is(r[0], "mailFolders") && Is(r[2], "messages"):
                return MessageItem(c, mailbox, r[1], r[3], o);
            case 4 when Is(r[0], "contactFolders") && Is(r[2], "contacts"):
                return ContactItem(c, mailbox, r[1], r[3], o);
        }
        throw SegmentNotFound(r.Length == 0 ? s[1] : r[^1]);
    }

    /// <summary>
    /// App-only tokens reach every mailbox except those outside the app's scope: 403 ErrorAccessDenied "Access to OData is
    /// disabled." (concepts/auth-limit-mailbox-access.md, "Handling API errors"). A delegated token reaches its own mailbox
    /// and those shared with it; others answer 403 ErrorAccessDenied.
    /// </summary>
    private void CheckAccess(Principal principal, Mailbox mailbox)
    {
        if (principal.IsApp)
        {
            if (mailbox.OutsideAppScope) throw new GraphError(403, "ErrorAccessDenied", "Access to OData is disabled.");
            return;
        }
        if (principal.User is { } user && (user.Equals(mailbox.Address, StringComparison.OrdinalIgnoreCase)
            || (_delegatedGrants.TryGetValue(user, out var granted) && granted.Contains(mailbox.Address))))
            return;
        throw new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
    }

    private JsonObject UserObject(Mailbox m) => new()
    {
        ["@odata.context"] = $"{BaseAddress}$metadata#users/$entity",
        ["id"] = m.Id,
        ["displayName"] = m.DisplayName,
        ["mail"] = m.Address,
        ["userPrincipalName"] = m.Address,
        ["businessPhones"] = new JsonArray(),
        ["givenName"] = null,
        ["surname"] = null,
        ["jobTitle"] = null,
        ["mobilePhone"] = null,
        ["officeLocation"] = null,
        ["preferredLanguage"] = null,
    };

    /// <summary>calendar-get.md; concepts/outlook-calendar-online-meetings.md: allowedOnlineMeetingProviders and
    /// defaultOnlineMeetingProvider tell which providers the calendar supports.</summary>
    private Answer CalendarObject(Call c, Mailbox m)
    {
        if (c.Method != "GET") throw MethodNotAllowed();
        var full = new JsonObject
        {
            ["@odata.context"] = $"{BaseAddress}$metadata#users('{m.Address}')/calendar/$entity",
            ["id"] = m.CalendarId,
            ["name"] = "Calendar",
            ["color"] = "auto",
            ["hexColor"] = "",
            ["isDefaultCalendar"] = true,
            ["changeKey"] = m.CalendarChangeKey,
            ["canShare"] = true,
            ["canViewPrivateItems"] = true,
            ["canEdit"] = true,
            ["allowedOnlineMeetingProviders"] = new JsonArray([.. m.AllowedOnlineMeetingProviders.Select(p => (JsonNode)p)]),
            ["defaultOnlineMeetingProvider"] = m.DefaultOnlineMeetingProvider,
            ["isTallyingResponses"] = true,
            ["isRemovable"] = false,
            ["owner"] = new JsonObject { ["name"] = m.DisplayName, ["address"] = m.Address },
        };
        if (c.Options.Select is { } select)
        {
            var result = new JsonObject { ["@odata.context"] = full["@odata.context"]!.DeepClone(), ["id"] = m.CalendarId };
            foreach (var name in select)
            {
                if (!Schemas.Calendar.Contains(name)) throw Schemas.UnknownProperty(name, "calendar");
                var hit = full.First(kv => kv.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
                result[hit.Key] = hit.Value?.DeepClone();
            }
            return new Answer(200, result);
        }
        return new Answer(200, full);
    }
}
