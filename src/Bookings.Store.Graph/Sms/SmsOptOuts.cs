using System.Globalization;
using System.Text.Json.Nodes;
using Bookings.Core.Store;
using Bookings.Store.Graph.Client;
using Bookings.Store.Graph.Mailboxes;

namespace Bookings.Store.Graph.Sms;

/// <summary>
/// SMS opt-outs hold for every calendar, so they are kept once, in the directory mailbox's hidden folder: one draft message per STOP
/// or START (<c>Kind = optout</c>, the number's key, the answer and its time). The newest one of a number says whether it is opted out.
/// Every reply is a new item, so two replies at once lose nothing, and a POST replayed by the transport only repeats one.
/// </summary>
internal sealed class SmsOptOuts(GraphClient graph, ItemProperties properties, HiddenFolders folders, GraphStoreOptions options) : ISmsOptOutStore
{
    private const string KindProperty = "Kind";
    private const string Kind = "optout";
    private const string PhoneKeyProperty = "PhoneKey";
    private const string OptedOutProperty = "OptedOut";
    private const string AtProperty = "At";

    /// <summary>Whether the number is opted out, from any calendar: <paramref name="mailboxId"/> does not narrow it.</summary>
    public async Task<bool> IsSmsOptedOutAsync(string mailboxId, string phoneE164, CancellationToken ct = default)
    {
        var folder = await folders.FindAsync(options.DirectoryMailbox, ct);
        if (folder is null) return false;
        var items = await graph.ListAllAsync("read the SMS opt-outs",
            $"{HiddenFolders.Messages(options.DirectoryMailbox, folder)}?{properties.KeyFilter(PhoneKeyProperty, phoneE164)}&$select=id&$top=50&{properties.Expand(KindProperty, OptedOutProperty, AtProperty)}",
            ct, notFoundIsEmpty: true);
        var latest = items.Where(i => properties.Read(i, KindProperty) == Kind)
            .OrderByDescending(i => properties.Read(i, AtProperty), StringComparer.Ordinal).FirstOrDefault();
        return latest is not null && properties.Read(latest, OptedOutProperty) == "1";
    }

    public async Task SetSmsOptOutAsync(string phoneE164, bool optedOut, DateTimeOffset at, CancellationToken ct = default)
    {
        var folder = await folders.FindOrCreateAsync(options.DirectoryMailbox, ct);
        await graph.RequireAsync("record the SMS opt-out", HttpMethod.Post, HiddenFolders.Messages(options.DirectoryMailbox, folder), new JsonObject
        {
            ["subject"] = optedOut ? "Bookings SMS opt-out" : "Bookings SMS opt-in",
            ["body"] = Bodies.TextBody(""),
            ["singleValueExtendedProperties"] = properties.Write((KindProperty, Kind), (PhoneKeyProperty, ItemProperties.Key(phoneE164)),
                (OptedOutProperty, optedOut ? "1" : "0"), (AtProperty, at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture))),
        }, ct);
    }
}
