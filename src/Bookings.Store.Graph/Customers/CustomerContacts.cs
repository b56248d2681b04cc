using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Client;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Customers;

/// <summary>
/// Customers are contacts in a "Bookings customers" contact folder of the mailbox. A customer's id is derived from the mailbox and the
/// address, so a booking needs no lookup to carry it; the id rides on the contact as an extended property, read with <c>$expand</c>
/// (filtering contacts by an extended property is not documented: only messages and events are,
/// api-reference/v1.0/api/singlevaluelegacyextendedproperty-get.md). A contact is found by its address with
/// <c>emailAddresses/any(a:a/address eq '…')</c>, the filter the contacts list documents (api-reference/v1.0/api/user-list-contacts.md).
/// A POST of a contact has no idempotency: copies of one customer (same id) are read as one and the extra ones deleted when seen.
/// </summary>
internal sealed class CustomerContacts(GraphClient graph, ItemProperties properties)
{
    private const string CustomerIdProperty = "CustomerId";
    private const string FolderName = "Bookings customers";

    private readonly ConcurrentDictionary<string, string> _folders = new(StringComparer.OrdinalIgnoreCase);

    private sealed record KnownContact(string ContactId, string Name, string? Phone);

    // (mailbox, lower-cased email) → the contact as this instance last wrote or read it.
    private readonly ConcurrentDictionary<(string Mailbox, string Email), KnownContact> _known = new();

    /// <summary>The customer's id in this mailbox: derived from the address when there is one, else the command's new id.</summary>
    public static string CustomerIdFor(string mailboxId, Customer customer)
    {
        if (string.IsNullOrWhiteSpace(customer.Email)) return customer.Id;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{mailboxId.ToLowerInvariant()}\n{customer.Email.Trim().ToLowerInvariant()}"));
        return "cus-" + Convert.ToHexStringLower(hash)[..24];
    }

    public async Task<IReadOnlyList<Customer>> ListAsync(string mailboxId, CancellationToken ct)
    {
        var folder = await FolderAsync(mailboxId, create: false, ct);
        if (folder is null) return [];
        var contacts = await graph.ListAllAsync("list the customers",
            $"{User(mailboxId)}/contactFolders/{Q(folder)}/contacts?$top=100&{properties.Expand(CustomerIdProperty)}", ct, notFoundIsEmpty: true);
        return [.. contacts.Select(c => ToCustomer(mailboxId, c)).GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => g.Last())
            .OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    private Customer ToCustomer(string mailboxId, JsonObject c) => new(
        properties.Read(c, CustomerIdProperty) ?? c["id"]!.GetValue<string>(),
        mailboxId,
        c["displayName"]?.GetValue<string>() ?? "",
        c["emailAddresses"]?.AsArray().OfType<JsonObject>().FirstOrDefault()?["address"]?.GetValue<string>(),
        c["mobilePhone"]?.GetValue<string>());

    /// <summary>Creates the customer's contact, or updates it when its details changed; nothing when this instance knows it as it is.</summary>
    public async Task SaveAsync(string mailboxId, Customer customer, CancellationToken ct)
    {
        (string Mailbox, string Email) key = customer.Email is { Length: > 0 } e ? (mailboxId.ToLowerInvariant(), e.Trim().ToLowerInvariant()) : default;
        KnownContact? known = null;
        if (key != default)
        {
            if (_known.TryGetValue(key, out known) && known.Name == customer.Name && known.Phone == customer.Phone) return;
            if (known is null && await FindAsync(mailboxId, key.Email, ct) is { } found)
            {
                known = new KnownContact(found["id"]!.GetValue<string>(), found["displayName"]?.GetValue<string>() ?? "", found["mobilePhone"]?.GetValue<string>());
                _known[key] = known;
                if (known.Name == customer.Name && known.Phone == customer.Phone) return;
            }
        }

        var body = new JsonObject { ["displayName"] = customer.Name, ["mobilePhone"] = customer.Phone };
        if (customer.Email is { Length: > 0 } email)
            body["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = email, ["name"] = customer.Name });
        if (known is not null)
        {
            var patched = await graph.PatchOwnAsync($"{User(mailboxId)}/contacts/{Q(known.ContactId)}", body, ct);
            if (patched.Ok)
            {
                _known[key] = known with { Name = customer.Name, Phone = customer.Phone };
                return;
            }
            if (patched.Status != HttpStatusCode.NotFound) throw Failure("update the customer", patched);
            _known.TryRemove(key, out _); // deleted meanwhile: create it again
        }
        var folder = await FolderAsync(mailboxId, create: true, ct);
        body["singleValueExtendedProperties"] = properties.Write((CustomerIdProperty, customer.Id));
        var created = await graph.RequireAsync("store the customer", HttpMethod.Post, $"{User(mailboxId)}/contactFolders/{Q(folder!)}/contacts", body, ct);
        if (key != default && created.Body?["id"]?.GetValue<string>() is { } id)
            _known[key] = new KnownContact(id, customer.Name, customer.Phone);
    }

    private async Task<JsonObject?> FindAsync(string mailboxId, string email, CancellationToken ct)
    {
        var folder = await FolderAsync(mailboxId, create: false, ct);
        if (folder is null) return null;
        var filter = Q($"emailAddresses/any(a:a/address eq '{email.Replace("'", "''", StringComparison.Ordinal)}')");
        var answer = await graph.RequireAsync("find the customer", HttpMethod.Get,
            $"{User(mailboxId)}/contactFolders/{Q(folder)}/contacts?$filter={filter}&$top=10&{properties.Expand(CustomerIdProperty)}", null, ct);
        var found = answer.Values.OfType<JsonObject>().OrderBy(c => c["id"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        // Copies left by a replayed POST: keep one.
        foreach (var copy in found.Skip(1)) await graph.DeleteAsync($"{User(mailboxId)}/contacts/{Q(copy["id"]!.GetValue<string>())}", ct);
        return found.FirstOrDefault();
    }

    private async Task<string?> FolderAsync(string mailboxId, bool create, CancellationToken ct)
    {
        if (_folders.TryGetValue(mailboxId, out var known)) return known;
        // A mailbox has few contact folders: they are listed and matched by name (api-reference/v1.0/api/user-list-contactfolders.md).
        var folders = await graph.ListAllAsync("list the contact folders", $"{User(mailboxId)}/contactFolders?$select=id,displayName&$top=100", ct, notFoundIsEmpty: true);
        var found = folders.Where(f => string.Equals(f["displayName"]?.GetValue<string>(), FolderName, StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f["id"]!.GetValue<string>(), StringComparer.Ordinal).FirstOrDefault()?["id"]?.GetValue<string>();
        if (found is null && create)
        {
            var created = await graph.SendAsync(HttpMethod.Post, $"{User(mailboxId)}/contactFolders", new JsonObject { ["displayName"] = FolderName }, ct);
            if (created.Status == HttpStatusCode.Conflict) return await FolderAsync(mailboxId, create: false, ct);
            if (!created.Ok) throw Failure("create the contact folder", created);
            found = created.Body!["id"]!.GetValue<string>();
        }
        if (found is not null) _folders[mailboxId] = found;
        return found;
    }

    public void Forget(string mailboxId) => _folders.TryRemove(mailboxId, out _);
}
