using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Admin;
using Bookings.Store.Graph.Client;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Check;

public sealed partial class GraphCheck
{
    private sealed partial class Run
    {
        // ---- contacts ----

        private async Task<Tried> ContactFolderAsync()
        {
            _madeAnything = true;
            var created = await PostAsync($"{User(mailbox)}/contactFolders", new JsonObject { ["displayName"] = _name });
            if (!created.Ok) return new Tried(CheckResult.Fail, Status(created));
            _contactFolder = created.Body!["id"]!.GetValue<string>();
            _contactFolders.Add(_contactFolder);
            // As CustomerContacts finds its folder: listed and matched by name.
            var folders = await _graph.ListAllAsync("list the contact folders", $"{User(mailbox)}/contactFolders?$select=id,displayName&$top=100", ct);
            var found = folders.Any(f => f["id"]?.GetValue<string>() == _contactFolder && f["displayName"]?.GetValue<string>() == _name);
            return new Tried(found ? CheckResult.Pass : CheckResult.Fail, $"{Status(created)}, {(found ? "listed" : "not listed")} by name");
        }

        private string ContactEmail => $"check-{tag}@example.com";

        private async Task<Tried> ContactsAsync()
        {
            var created = await PostAsync($"{User(mailbox)}/contactFolders/{Q(_contactFolder!)}/contacts", new JsonObject
            {
                ["displayName"] = _name,
                ["mobilePhone"] = "+48 600 000 000",
                ["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = ContactEmail, ["name"] = _name }),
                ["singleValueExtendedProperties"] = _properties.Write(("CustomerId", $"check-{tag}")),
            });
            if (!created.Ok) return new Tried(CheckResult.Fail, "writing the contact: " + Status(created));
            _contactId = created.Body!["id"]!.GetValue<string>();
            // CustomerContacts.FindAsync's read.
            var filter = Q($"emailAddresses/any(a:a/address eq '{ContactEmail}')");
            var found = await GetAsync($"{User(mailbox)}/contactFolders/{Q(_contactFolder!)}/contacts?$filter={filter}&$top=10&{_properties.Expand("CustomerId")}");
            if (!found.Ok) return new Tried(CheckResult.Fail, Status(found));
            var hit = found.Values.OfType<JsonObject>().FirstOrDefault(c => c["id"]?.GetValue<string>() == _contactId);
            var property = hit is not null && _properties.Read(hit, "CustomerId") == $"check-{tag}";
            var seen = $"{found.Values.Count} found, its property {(property ? "read back" : "missing")}";
            return new Tried(found.Values.Count == 1 && property ? CheckResult.Pass : CheckResult.Fail, seen);
        }

        private async Task<Tried> ContactUpdateAsync()
        {
            var (patched, conflicts) = await PatchAsync($"{User(mailbox)}/contacts/{Q(_contactId!)}",
                new JsonObject { ["displayName"] = _name + " (renamed)", ["mobilePhone"] = "+48 600 000 001" });
            if (!patched.Ok) return new Tried(CheckResult.Fail, Status(patched) + After(conflicts));
            var after = await GetAsync($"{User(mailbox)}/contacts/{Q(_contactId!)}?$select=id,displayName,mobilePhone");
            if (!after.Ok) return new Tried(CheckResult.Fail, Status(after));
            var ok = after.Body?["displayName"]?.GetValue<string>() == _name + " (renamed)" && after.Body?["mobilePhone"]?.GetValue<string>() == "+48 600 000 001";
            return new Tried(ok ? CheckResult.Pass : CheckResult.Fail, (ok ? "changed" : "unchanged") + After(conflicts));
        }

        // ---- page sizes, free/busy ----

        private async Task<Tried> TopAsync()
        {
            var from = check._time.GetUtcNow().AddDays(400);
            var reads = new List<(string What, string Uri)>
            {
                ("calendarView $top=250", $"{User(mailbox)}/calendar/calendarView?startDateTime={Q(Instants.Text(from))}&endDateTime={Q(Instants.Text(from.AddDays(1)))}&$top=250&$select=id,start,end"),
                ("events $top=100", $"{User(mailbox)}/events?{_properties.KeyFilter("Key", tag)}&$select=id,start,end&$top=100"),
                ("mailFolders $top=100", $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100"),
                ("contactFolders $top=100", $"{User(mailbox)}/contactFolders?$select=id,displayName&$top=100"),
                ("contacts $top=100", _contactFolder is null ? $"{User(mailbox)}/contacts?$select=id&$top=100"
                    : $"{User(mailbox)}/contactFolders/{Q(_contactFolder)}/contacts?$top=100&{_properties.Expand("CustomerId")}"),
            };
            // The audit log's page size, on the scratch folder (no other folder of the mailbox is read).
            if (_folder is not null) reads.Insert(0, ("messages $top=250", $"{Messages(_folder)}?{_properties.LiteralFilter("Kind", "check")}&$select=id,body&$top=250"));
            var refused = new List<string>();
            foreach (var (what, uri) in reads)
            {
                var answer = await GetAsync(uri);
                if (!answer.Ok) refused.Add($"{what}: {Status(answer)}");
            }
            return refused.Count == 0 ? new Tried(CheckResult.Pass, $"{reads.Count} reads answered")
                : new Tried(CheckResult.Fail, string.Join("; ", refused));
        }

        private async Task<Tried> FreeBusyAsync()
        {
            var now = check._time.GetUtcNow();
            var answers = await new GraphScheduleReader(check._http).ReadAsync(mailbox, [mailbox], now, now.AddDays(1), ct);
            var answer = answers.Values.Single();
            return answer.Failure is { } failure
                ? new Tried(CheckResult.Fail, $"{failure.Kind}: {failure.Detail}")
                : new Tried(CheckResult.Pass, "answered without an error");
        }

        // ---- deleting, the directory ----

        private async Task<Tried> DeleteFolderAsync()
        {
            var deleted = await _graph.SendAsync(HttpMethod.Delete, $"{User(mailbox)}/mailFolders/{Q(_folder!)}", null, ct);
            var hidden = await _graph.ListAllAsync("list the mail folders",
                $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100", ct);
            var listed = hidden.Any(f => f["id"]?.GetValue<string>() == _folder);
            var message = _messageId is null ? null : await GetAsync($"{User(mailbox)}/messages/{Q(_messageId)}?$select=id,parentFolderId");
            if (deleted.Ok && !listed) _folders.Remove(_folder!);
            // Exchange may keep deleted items where deleted items go (Deleted Items, Recoverable Items) until they are emptied: the
            // store relies only on the folder being gone from the mailbox's folders.
            var seen = $"{Status(deleted)}, then the folder {(listed ? "still listed" : "not listed")}" +
                (message is null ? "" : message.Status == HttpStatusCode.NotFound ? ", its message gone" : ", its message kept where deleted items go");
            return deleted.Ok && !listed ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }

        private async Task<Tried> DirectoryAsync()
        {
            var answer = await GetAsync($"{User(Options.DirectoryMailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100");
            return new Tried(answer.Ok ? CheckResult.Pass : CheckResult.Fail, Status(answer));
        }
    }
}
