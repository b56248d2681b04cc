using System.Globalization;
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
        // ---- the mailbox ----

        private async Task<Tried> OpenAsync()
        {
            // The store's first request to a mailbox (HiddenFolders.FindAsync).
            var answer = await GetAsync($"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100");
            return answer.Status switch
            {
                _ when answer.Ok => new Tried(CheckResult.Pass, Status(answer)),
                HttpStatusCode.Forbidden => new Tried(CheckResult.Fail, Status(answer),
                    "The mailbox is outside the app's scope (RBAC for Applications or an application access policy): the store lists it as unreachable " +
                    "and skips it (admin app, CLI, /health). Add it to the scope with infra/exchange-scope.ps1."),
                HttpStatusCode.NotFound => new Tried(CheckResult.Fail, Status(answer),
                    "There is no such mailbox in the tenant: create it (Microsoft Bookings, or New-Mailbox -Shared) or correct the address."),
                HttpStatusCode.Unauthorized => new Tried(CheckResult.Fail, Status(answer),
                    "Microsoft Graph refused the app's token: check Graph:TenantId, Graph:ClientId and the credential."),
                _ => new Tried(CheckResult.Fail, Status(answer)),
            };
        }

        private async Task<Tried> ClockAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{User(mailbox)}/mailFolders?$select=id&$top=1", UriKind.Relative));
            using var response = await check._http.SendAsync(request, ct);
            if (response.Headers.Date is not { } date) return new Tried(CheckResult.Note, "no Date header");
            var skew = check._time.GetUtcNow() - date;
            // The Date header has whole seconds.
            if (skew.Duration() <= TimeSpan.FromSeconds(2)) return new Tried(CheckResult.Pass, "within 2 s");
            var seen = $"{skew.Duration().TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s apart (this machine {(skew > TimeSpan.Zero ? "ahead" : "behind")})";
            return new Tried(skew.Duration() < TimeSpan.FromMinutes(1) ? CheckResult.Pass : CheckResult.Fail, seen);
        }

        // ---- the hidden folder and its messages ----

        private async Task<Tried> HiddenFolderAsync()
        {
            _madeAnything = true; // from here on the clean-up runs, also when this POST's answer is lost
            var folder = await PostAsync($"{User(mailbox)}/mailFolders", new JsonObject { ["displayName"] = _name, ["isHidden"] = true });
            if (!folder.Ok) return new Tried(CheckResult.Fail, Status(folder));
            _folder = folder.Body!["id"]!.GetValue<string>();
            _folders.Add(_folder);
            return new Tried(CheckResult.Pass, Status(folder));
        }

        private async Task<Tried> HiddenListingAsync()
        {
            var plain = await _graph.ListAllAsync("list the mail folders", $"{User(mailbox)}/mailFolders?$select=id,displayName,isHidden&$top=100", ct);
            var hidden = await _graph.ListAllAsync("list the mail folders",
                $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100", ct);
            var listedHidden = hidden.Any(f => f["id"]?.GetValue<string>() == _folder);
            var listedPlain = plain.Any(f => f["id"]?.GetValue<string>() == _folder);
            var seen = $"with it: {(listedHidden ? "listed" : "not listed")}; without: {(listedPlain ? "listed" : "not listed")}";
            return listedHidden && !listedPlain ? new Tried(CheckResult.Pass, seen)
                : listedHidden ? new Tried(CheckResult.Note, seen, "The folder shows in Outlook; nothing else changes.")
                : new Tried(CheckResult.Fail, seen);
        }

        private async Task<Tried> FolderExistsAsync()
        {
            var second = await PostAsync($"{User(mailbox)}/mailFolders", new JsonObject { ["displayName"] = _name, ["isHidden"] = true });
            if (second.Ok && second.Body?["id"]?.GetValue<string>() is { } id)
            {
                if (id == _folder) return new Tried(CheckResult.Pass, $"{Status(second)} with the same folder");
                _folders.Add(id);
                return new Tried(CheckResult.Fail, $"{Status(second)}: a second folder of that name was made");
            }
            return second.Status == HttpStatusCode.Conflict ? new Tried(CheckResult.Pass, Status(second)) : new Tried(CheckResult.Fail, Status(second));
        }

        private async Task<Tried> MessageAsync()
        {
            // Text that a careless round trip would spoil: non-ASCII, markup characters, a line break.
            _messageJson = new JsonObject { ["check"] = tag, ["text"] = "Zażółć gęślą jaźń — 予約 <b>&amp;</b> \u2603\nnext line" }.ToJsonString();
            var message = await PostAsync(Messages(_folder!), new JsonObject
            {
                ["subject"] = _name,
                ["body"] = Bodies.TextBody(_messageJson),
                ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check"), ("Key", Key), ("Other", "kept")),
            });
            if (!message.Ok) return new Tried(CheckResult.Fail, Status(message));
            _messageId = message.Body!["id"]!.GetValue<string>();
            return new Tried(CheckResult.Pass, Status(message));
        }

        private async Task<Tried> MessageBodyAsync()
        {
            var one = await GetAsync($"{User(mailbox)}/messages/{Q(_messageId!)}?$select=id,body", textBody: true);
            if (!one.Ok) return new Tried(CheckResult.Fail, Status(one));
            var text = Bodies.Text(one.Body!);
            return text == _messageJson ? new Tried(CheckResult.Pass, "read back exactly") : new Tried(CheckResult.Fail, "differs: " + Truncate(text));
        }

        private async Task<Tried> ExpandAsync()
        {
            var one = await GetAsync($"{User(mailbox)}/messages/{Q(_messageId!)}?$select=id&{_properties.Expand("Kind", "Key", "Other")}");
            if (!one.Ok) return new Tried(CheckResult.Fail, Status(one));
            return _properties.Read(one.Body!, "Key") == Key && _properties.Read(one.Body!, "Other") == "kept"
                ? new Tried(CheckResult.Pass, "read back")
                : new Tried(CheckResult.Fail, "not in the answer");
        }

        private async Task<Tried> FilterMessagesAsync()
        {
            var byKey = await GetAsync($"{Messages(_folder!)}?{_properties.KeyFilter("Key", tag)}&$select=id&$top=100");
            var byLiteral = await GetAsync($"{Messages(_folder!)}?{_properties.LiteralFilter("Kind", "check")}&$select=id&$top=100");
            if (!byKey.Ok) return new Tried(CheckResult.Fail, Status(byKey));
            if (!byLiteral.Ok) return new Tried(CheckResult.Fail, Status(byLiteral));
            var seen = $"by key {byKey.Values.Count} found, by literal {byLiteral.Values.Count} found";
            return byKey.Values.Count == 1 && byLiteral.Values.Count == 1 ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }

        private async Task<Tried> ListBodyAsync()
        {
            // As the store lists bodies (outbox, audit): Prefer text, which lists may ignore (microsoft-graph-docs#4156).
            var listed = await _graph.ListAllAsync("list the messages", $"{Messages(_folder!)}?{_properties.KeyFilter("Key", tag)}&$select=id,body&$top=100",
                ct, textBody: true);
            if (listed.Count != 1) return new Tried(CheckResult.Fail, $"{listed.Count} found");
            var kind = listed[0]["body"]?["contentType"]?.GetValue<string>() ?? "no";
            return Bodies.Text(listed[0]) == _messageJson
                ? new Tried(CheckResult.Pass, $"{kind.ToLowerInvariant()} body, the same text")
                : new Tried(CheckResult.Fail, $"{kind.ToLowerInvariant()} body, differs: {Truncate(Bodies.Text(listed[0]))}");
        }

        private async Task<Tried> CaseAsync()
        {
            var upper = await GetAsync($"{Messages(_folder!)}?$filter=" +
                Q($"singleValueExtendedProperties/any(ep: ep/id eq '{_properties.Id("Key")}' and ep/value eq '{Key.ToUpperInvariant()}')") + "&$select=id");
            return new Tried(CheckResult.Note, upper.Ok ? $"the upper-case key found {upper.Values.Count}" : $"refused: {Status(upper)}");
        }

        private async Task<Tried> RangeAsync()
        {
            var range = await GetAsync($"{Messages(_folder!)}?$filter=" +
                Q($"singleValueExtendedProperties/any(ep: ep/id eq '{_properties.Id("Key")}' and ep/value ge '0')") + "&$select=id");
            return new Tried(CheckResult.Note, range.Ok ? "accepted here, not relied on" : $"refused: {Status(range)}");
        }

        private async Task<Tried> PatchSomeAsync()
        {
            var (patched, conflicts) = await PatchAsync($"{User(mailbox)}/messages/{Q(_messageId!)}",
                new JsonObject { ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check-changed")) });
            if (!patched.Ok) return new Tried(CheckResult.Fail, Status(patched) + After(conflicts));
            var after = await GetAsync($"{User(mailbox)}/messages/{Q(_messageId!)}?$select=id&{_properties.Expand("Kind", "Key", "Other")}");
            if (!after.Ok) return new Tried(CheckResult.Fail, Status(after));
            var changed = _properties.Read(after.Body!, "Kind") == "check-changed";
            var kept = _properties.Read(after.Body!, "Other") == "kept" && _properties.Read(after.Body!, "Key") == Key;
            var seen = $"the one written {(changed ? "changed" : "unchanged")}, the others {(kept ? "kept" : "lost")}{After(conflicts)}";
            return new Tried(changed && kept ? CheckResult.Pass : CheckResult.Fail, seen);
        }

        private async Task<Tried> PatchBodyAsync()
        {
            // As StaffSyncStates.ReplaceStaffSyncAsync writes, and CalendarDocuments' heads read ($select=id,changeKey).
            var before = await ChangeKeyAsync();
            var text = new JsonObject { ["check"] = tag, ["replaced"] = true }.ToJsonString();
            var (patched, conflicts) = await PatchAsync($"{User(mailbox)}/messages/{Q(_messageId!)}", new JsonObject { ["body"] = Bodies.TextBody(text) });
            if (!patched.Ok) return new Tried(CheckResult.Fail, Status(patched) + After(conflicts));
            var one = await GetAsync($"{User(mailbox)}/messages/{Q(_messageId!)}?$select=id,body", textBody: true);
            var after = await ChangeKeyAsync();
            var replaced = one.Ok && Bodies.Text(one.Body!) == text;
            var moved = before is not null && after is not null && before != after;
            _messageJson = replaced ? text : _messageJson;
            return new Tried(replaced && moved ? CheckResult.Pass : CheckResult.Fail,
                $"body {(replaced ? "replaced" : "not replaced")}, changeKey {(moved ? "moved" : after is null ? "not given" : "unchanged")}{After(conflicts)}");
        }

        private async Task<string?> ChangeKeyAsync()
        {
            var listed = await GetAsync($"{Messages(_folder!)}?{_properties.KeyFilter("Key", tag)}&$select=id,changeKey&$top=50");
            return listed.Values.OfType<JsonObject>().FirstOrDefault(m => m["id"]?.GetValue<string>() == _messageId)?["changeKey"]?.GetValue<string>();
        }

        private async Task<Tried> PagingAsync()
        {
            // Two more messages (they go with the folder), then the folder read a page of one at a time, as far as the links lead.
            var ids = new HashSet<string>(StringComparer.Ordinal) { _messageId! };
            for (var i = 1; i <= 2; i++)
            {
                var extra = await PostAsync(Messages(_folder!), new JsonObject
                {
                    ["subject"] = $"{_name} ({i})",
                    ["body"] = Bodies.TextBody(""),
                    ["singleValueExtendedProperties"] = _properties.Write(("Kind", "check"), ("Key", ItemProperties.Key($"{tag}-{i}"))),
                });
                if (!extra.Ok) return new Tried(CheckResult.Fail, "writing a message: " + Status(extra));
                ids.Add(extra.Body!["id"]!.GetValue<string>());
            }
            var read = new List<string>();
            var pages = 0;
            for (string? next = $"{Messages(_folder!)}?$select=id&$top=1"; next is not null && pages < 20; pages++)
            {
                var page = await GetAsync(next);
                if (!page.Ok) return new Tried(CheckResult.Fail, $"page {pages + 1}: {Status(page)}");
                read.AddRange(page.Values.OfType<JsonObject>().Select(m => m["id"]!.GetValue<string>()));
                next = page.NextLink;
            }
            var seen = $"{read.Count} of {ids.Count} items in {pages} pages";
            return read.Count == ids.Count && read.ToHashSet(StringComparer.Ordinal).SetEquals(ids)
                ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }

        private async Task<Tried> DeleteMessageAsync()
        {
            var listed = await GetAsync($"{Messages(_folder!)}?{_properties.KeyFilter("Key", $"{tag}-1")}&$select=id");
            if (listed.Values.OfType<JsonObject>().FirstOrDefault()?["id"]?.GetValue<string>() is not { } id)
                return new Tried(CheckResult.Fail, listed.Ok ? "the message to delete was not found" : Status(listed));
            var deleted = await _graph.SendAsync(HttpMethod.Delete, $"{User(mailbox)}/messages/{Q(id)}", null, ct);
            var gone = await GetAsync($"{User(mailbox)}/messages/{Q(id)}?$select=id");
            var again = await GetAsync($"{Messages(_folder!)}?{_properties.KeyFilter("Key", $"{tag}-1")}&$select=id");
            var seen = $"{Status(deleted)}, then {Status(gone)}, {again.Values.Count} found";
            return deleted.Ok && again.Ok && again.Values.Count == 0
                ? new Tried(CheckResult.Pass, seen) : new Tried(CheckResult.Fail, seen);
        }
    }
}
