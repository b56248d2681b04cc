using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// Customers are contacts in a dedicated contact folder of the mailbox; our customer id and the
/// lower-cased email sit in extended properties (CustomerId, CustomerEmail) so a returning customer is
/// found with an equality filter. A customer's id is derived from the mailbox and the address, so a booking
/// needs no lookup to carry the returning customer's id. The contact is written after the booking is confirmed
/// (a Conflict leaves no customer behind), and only when this instance does not know it with the same details:
/// a returning customer costs no request, a new one a lookup and a create.
/// </summary>
public sealed partial class GraphBookingStore
{
    private const string CustomerIdProperty = "CustomerId";
    private const string CustomerEmailProperty = "CustomerEmail";
    private const string ContactFolderName = "Bookings customers";

    private readonly ConcurrentDictionary<string, string> _contactFolders = new(StringComparer.OrdinalIgnoreCase);

    private sealed record KnownContact(string ContactId, string Name, string? Phone);

    // (mailbox, lower-cased email) → the contact as this instance last wrote or read it.
    private readonly ConcurrentDictionary<(string Mailbox, string Email), KnownContact> _knownContacts = new();

    /// <summary>The customer's id in this mailbox: derived from the address when there is one, else the command's new id.</summary>
    internal static string CustomerIdFor(string mailboxId, Customer customer)
    {
        if (string.IsNullOrWhiteSpace(customer.Email)) return customer.Id;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{mailboxId.ToLowerInvariant()}\n{customer.Email.Trim().ToLowerInvariant()}"));
        return "cus-" + Convert.ToHexStringLower(hash)[..24];
    }

    public async Task<IReadOnlyList<Customer>> ListCustomersAsync(string mailboxId, CancellationToken ct = default)
    {
        var folder = await ContactFolderAsync(mailboxId, create: false, ct);
        if (folder is null) return [];
        var contacts = await ListAllAsync("list the customers",
            $"{User(mailboxId)}/contactFolders/{Q(folder)}/contacts?$top=100&{ExpandProperties(CustomerIdProperty, CustomerEmailProperty)}", ct);
        return [.. contacts.Select(c => ToCustomer(mailboxId, c)).OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    private Customer ToCustomer(string mailboxId, JsonObject c) => new(
        PropertyValue(c, CustomerIdProperty) ?? c["id"]!.GetValue<string>(),
        mailboxId,
        c["displayName"]?.GetValue<string>() ?? "",
        c["emailAddresses"]?.AsArray().OfType<JsonObject>().FirstOrDefault()?["address"]?.GetValue<string>(),
        c["mobilePhone"]?.GetValue<string>());

    private async Task<JsonObject?> FindContactAsync(string mailboxId, string? email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var folder = await ContactFolderAsync(mailboxId, create: false, ct);
        if (folder is null) return null;
        var answer = await RequireAsync("find the customer", HttpMethod.Get,
            $"{User(mailboxId)}/contactFolders/{Q(folder)}/contacts?$filter={Q(PropertyFilter(CustomerEmailProperty, email.Trim().ToLowerInvariant()))}&{ExpandProperties(CustomerIdProperty, CustomerEmailProperty)}", null, ct);
        return answer.Body?["value"]?.AsArray().OfType<JsonObject>().FirstOrDefault();
    }

    /// <summary>Creates the customer's contact, or updates it when its details changed; nothing when this instance knows it as it is.</summary>
    private async Task SaveCustomerAsync(string mailboxId, Customer customer, CancellationToken ct)
    {
        var key = customer.Email is { Length: > 0 } e ? (mailboxId.ToLowerInvariant(), e.Trim().ToLowerInvariant()) : default;
        KnownContact? known = null;
        if (key != default)
        {
            if (_knownContacts.TryGetValue(key, out known) && known.Name == customer.Name && known.Phone == customer.Phone) return;
            if (known is null && await FindContactAsync(mailboxId, customer.Email, ct) is { } found)
            {
                known = new KnownContact(found["id"]!.GetValue<string>(), found["displayName"]?.GetValue<string>() ?? "", found["mobilePhone"]?.GetValue<string>());
                _knownContacts[key] = known;
                if (known.Name == customer.Name && known.Phone == customer.Phone) return;
            }
        }

        var body = new JsonObject
        {
            ["displayName"] = customer.Name,
            ["mobilePhone"] = customer.Phone,
        };
        if (customer.Email is { Length: > 0 } email)
            body["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = email, ["name"] = customer.Name });
        if (known is not null)
        {
            var patched = await SendAsync(HttpMethod.Patch, $"{User(mailboxId)}/contacts/{Q(known.ContactId)}", body, ct);
            if (patched.Ok)
            {
                _knownContacts[key] = known with { Name = customer.Name, Phone = customer.Phone };
                return;
            }
            if (patched.Status != HttpStatusCode.NotFound) throw Failure("update the customer", patched);
            _knownContacts.TryRemove(key, out _); // deleted meanwhile: create it again
        }
        var folder = await ContactFolderAsync(mailboxId, create: true, ct);
        body["singleValueExtendedProperties"] = Properties(
            (Property(CustomerIdProperty), customer.Id),
            (Property(CustomerEmailProperty), customer.Email?.Trim().ToLowerInvariant() ?? ""));
        var created = await RequireAsync("store the customer", HttpMethod.Post, $"{User(mailboxId)}/contactFolders/{Q(folder!)}/contacts", body, ct);
        if (key != default && created.Body?["id"]?.GetValue<string>() is { } id)
            _knownContacts[key] = new KnownContact(id, customer.Name, customer.Phone);
    }

    private async Task<string?> ContactFolderAsync(string mailboxId, bool create, CancellationToken ct)
    {
        if (_contactFolders.TryGetValue(mailboxId, out var known)) return known;
        var answer = await SendAsync(HttpMethod.Get, $"{User(mailboxId)}/contactFolders?$filter={Q($"displayName eq '{ContactFolderName}'")}", null, ct);
        if (answer.Status == HttpStatusCode.NotFound) return null;
        if (!answer.Ok) throw Failure("list the contact folders", answer);
        var found = answer.Body?["value"]?.AsArray().OfType<JsonObject>().FirstOrDefault()?["id"]?.GetValue<string>();
        if (found is null && create)
            found = (await RequireAsync("create the contact folder", HttpMethod.Post, $"{User(mailboxId)}/contactFolders",
                new JsonObject { ["displayName"] = ContactFolderName }, ct)).Body!["id"]!.GetValue<string>();
        if (found is not null) _contactFolders[mailboxId] = found;
        return found;
    }
}
