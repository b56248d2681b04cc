using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// SMS opt-outs (a STOP reply): every mailbox keeps the list in one more draft message of its hidden folder
/// (<see cref="SmsOptOutSubject"/>, the body a JSON array of E.164 numbers). A STOP applies to every calendar, so
/// <see cref="SetSmsOptOutAsync"/> updates the list of every mailbox of the registry, each with If-Match on its changeKey;
/// <see cref="IsSmsOptedOutAsync"/> reads the list of the message's own mailbox (one request; parsed once per changeKey).
/// Should two writers each have created a list, a number is opted out when any list holds it, and an opt-in removes it from all.
/// </summary>
public sealed partial class GraphBookingStore
{
    public const string SmsOptOutSubject = "Bookings SMS opt-outs";

    private sealed record OptOutList(string MessageId, string ChangeKey, IReadOnlySet<string> Numbers);

    // Parsed lists by message id, reused while the changeKey stays the same.
    private readonly ConcurrentDictionary<string, OptOutList> _optOutLists = new(StringComparer.Ordinal);

    public async Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(phoneE164);
        if (await KnownFolderAsync(mailboxId, ct) is not { } folderId) return false;
        return (await ReadOptOutListsAsync(mailboxId, folderId, ct)).Any(l => l.Numbers.Contains(phoneE164));
    }

    public async Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(phoneE164);
        foreach (var mailboxId in await ListRegistryAsync(ct))
        {
            if (await KnownFolderAsync(mailboxId, ct) is not { } folderId) continue;
            for (var attempt = 0; ; attempt++)
            {
                if (attempt == WriteAttempts) throw new StoreConflictException($"The SMS opt-outs of '{mailboxId}' kept changing; try again.");
                var lists = await ReadOptOutListsAsync(mailboxId, folderId, ct);
                if (optedOut && lists.Any(l => l.Numbers.Contains(phoneE164))) break;
                if (optedOut && lists.Count == 0)
                {
                    await RequireAsync("store the SMS opt-outs", HttpMethod.Post, $"{User(mailboxId)}/mailFolders/{Q(folderId)}/messages",
                        new JsonObject { ["subject"] = SmsOptOutSubject, ["body"] = OptOutBody([phoneE164]) }, ct);
                    break;
                }
                var changes = optedOut
                    ? [(lists[0], (IEnumerable<string>)[.. lists[0].Numbers, phoneE164])]
                    : lists.Where(l => l.Numbers.Contains(phoneE164)).Select(l => (l, l.Numbers.Where(n => n != phoneE164))).ToList();
                var stale = false;
                foreach (var (list, numbers) in changes)
                {
                    var patched = await SendAsync(HttpMethod.Patch, $"{User(mailboxId)}/messages/{Q(list.MessageId)}",
                        new JsonObject { ["body"] = OptOutBody(numbers) }, ct, ifMatch: list.ChangeKey);
                    if (patched.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound) stale = true;
                    else if (!patched.Ok) throw Failure("store the SMS opt-outs", patched);
                }
                if (!stale) break;
            }
        }
    }

    private static JsonObject OptOutBody(IEnumerable<string> numbers) =>
        new() { ["contentType"] = "text", ["content"] = JsonSerializer.Serialize(numbers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()) };

    private async Task<List<OptOutList>> ReadOptOutListsAsync(string mailboxId, string folderId, CancellationToken ct)
    {
        var filter = Q($"subject eq '{SmsOptOutSubject}'");
        var answer = await SendAsync(HttpMethod.Get, $"{User(mailboxId)}/mailFolders/{Q(folderId)}/messages?$filter={filter}&$select=id,changeKey,body&$top=10",
            null, ct, textBody: true);
        if (answer.Status == HttpStatusCode.NotFound) return [];
        if (!answer.Ok) throw Failure("read the SMS opt-outs", answer);
        var lists = new List<OptOutList>();
        foreach (var message in answer.Body?["value"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var id = message["id"]!.GetValue<string>();
            var changeKey = message["changeKey"]!.GetValue<string>();
            if (!_optOutLists.TryGetValue(id, out var list) || list.ChangeKey != changeKey)
            {
                var json = message["body"]?["content"]?.GetValue<string>();
                List<string>? numbers;
                try { numbers = string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<string>>(json.Trim()); }
                catch (JsonException) { numbers = []; }
                list = new OptOutList(id, changeKey, (numbers ?? []).ToHashSet(StringComparer.Ordinal));
                _optOutLists[id] = list;
            }
            lists.Add(list);
        }
        return lists;
    }
}
