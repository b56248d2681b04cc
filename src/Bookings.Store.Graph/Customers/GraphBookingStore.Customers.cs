using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Bookings.Core.Store;

namespace Bookings.Store.Graph;

/// <summary>
/// Customers are contacts in a dedicated contact folder of the mailbox; our customer id and the
/// lower-cased email sit in extended properties (CustomerId, CustomerEmail) so a returning customer is
/// found with an equality filter. The contact is written after the booking is confirmed (a Conflict
/// leaves no customer behind); the id is looked up before, so the stored attendee carries the reused id.
/// </summary>
public sealed partial class GraphBookingStore
{
    private const string CustomerIdProperty = "CustomerId";
    private const string CustomerEmailProperty = "CustomerEmail";
    private const string ContactFolderName = "Bookings customers";

    private readonly ConcurrentDictionary<string, string> _contactFolders = new(StringComparer.OrdinalIgnoreCase);

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
            $"{User(mailboxId)}/contactFolders/{Q(folder)}/contacts?$filter={Q(PropertyFilter(CustomerEmailProperty, email.ToLowerInvariant()))}&{ExpandProperties(CustomerIdProperty, CustomerEmailProperty)}", null, ct);
        return answer.Body?["value"]?.AsArray().OfType<JsonObject>().FirstOrDefault();
    }

    /// <summary>Updates the contact found before the booking (<paramref name="contactId"/>) or creates one.</summary>
    private async Task SaveCustomerAsync(string mailboxId, Customer customer, string? contactId, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["displayName"] = customer.Name,
            ["mobilePhone"] = customer.Phone,
        };
        if (customer.Email is { Length: > 0 } email)
            body["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = email, ["name"] = customer.Name });
        if (contactId is not null)
        {
            await RequireAsync("update the customer", HttpMethod.Patch, $"{User(mailboxId)}/contacts/{Q(contactId)}", body, ct);
            return;
        }
        var folder = await ContactFolderAsync(mailboxId, create: true, ct);
        body["singleValueExtendedProperties"] = Properties(
            (Property(CustomerIdProperty), customer.Id),
            (Property(CustomerEmailProperty), customer.Email?.ToLowerInvariant() ?? ""));
        await RequireAsync("store the customer", HttpMethod.Post, $"{User(mailboxId)}/contactFolders/{Q(folder!)}/contacts", body, ct);
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
