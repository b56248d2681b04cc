using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Bookings.Store.Graph.Client;
using static Bookings.Store.Graph.Client.GraphClient;

namespace Bookings.Store.Graph.Mailboxes;

/// <summary>
/// The hidden mail folder each mailbox keeps our items in (document versions, directory entries, outbox messages, the audit log…):
/// created with <c>isHidden: true</c> (api-reference/v1.0/api/user-post-mailfolders.md), and found again only with
/// <c>includeHiddenFolders=true</c> (api-reference/v1.0/api/user-list-mailfolders.md). Its id is kept per mailbox.
/// </summary>
internal sealed class HiddenFolders(GraphClient graph, GraphStoreOptions options)
{
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The folder's id; null when the mailbox has none (or <see cref="MailboxUnreachableException"/> when Graph refuses the mailbox).</summary>
    public async Task<string?> FindAsync(string mailbox, CancellationToken ct)
    {
        if (_ids.TryGetValue(mailbox, out var known)) return known;
        var answer = await graph.SendAsync(HttpMethod.Get, $"{User(mailbox)}/mailFolders?includeHiddenFolders=true&$select=id,displayName,isHidden&$top=100", null, ct);
        if (answer.Status == HttpStatusCode.NotFound) return null;
        MailboxUnreachableException.ThrowIfRefused(mailbox, answer);
        if (!answer.Ok) throw Failure("list the mail folders", answer);
        var folders = answer.Values.OfType<JsonObject>().ToList();
        if (answer.NextLink is { } next) folders.AddRange(await graph.ListAllAsync("list the mail folders", next, ct));
        var id = folders.FirstOrDefault(f => string.Equals(f["displayName"]?.GetValue<string>(), options.FolderName, StringComparison.OrdinalIgnoreCase))?["id"]?.GetValue<string>();
        if (id is not null) _ids[mailbox] = id;
        return id;
    }

    public async Task<string> FindOrCreateAsync(string mailbox, CancellationToken ct)
    {
        if (await FindAsync(mailbox, ct) is { } found) return found;
        var created = await graph.SendAsync(HttpMethod.Post, $"{User(mailbox)}/mailFolders",
            new JsonObject { ["displayName"] = options.FolderName, ["isHidden"] = true }, ct);
        // 409 ErrorFolderExists: another instance made it first (or the transport replayed our POST).
        if (created.Status == HttpStatusCode.Conflict && await FindAsync(mailbox, ct) is { } raced) return raced;
        if (created.Status == HttpStatusCode.NotFound) throw new KeyNotFoundException($"There is no mailbox '{mailbox}' in the tenant.");
        MailboxUnreachableException.ThrowIfRefused(mailbox, created);
        if (!created.Ok) throw Failure("create the hidden folder", created);
        var id = created.Body!["id"]!.GetValue<string>();
        _ids[mailbox] = id;
        return id;
    }

    public void Forget(string mailbox) => _ids.TryRemove(mailbox, out _);

    /// <summary>Deletes the folder with everything in it (api-reference/v1.0/api/mailfolder-delete.md).</summary>
    public async Task DeleteAsync(string mailbox, string folderId, CancellationToken ct)
    {
        await graph.DeleteAsync($"{User(mailbox)}/mailFolders/{Q(folderId)}", ct);
        Forget(mailbox);
    }

    public static string Messages(string mailbox, string folderId) => $"{User(mailbox)}/mailFolders/{Q(folderId)}/messages";
}

/// <summary>
/// Graph refused every request for this mailbox (403 ErrorAccessDenied: outside the app's RBAC for Applications scope or application
/// access policy). The listing of calendars reports and skips such a mailbox instead of failing for all.
/// </summary>
public sealed class MailboxUnreachableException(string mailbox, string? code)
    : GraphStoreException($"The app may not read the mailbox '{mailbox}' (Microsoft Graph answered 403 {code ?? "Forbidden"}): add it to the app's scope " +
        "(infra/exchange-scope.ps1, infra/entra-app.md) or remove it from the calendars.", HttpStatusCode.Forbidden, code)
{
    public string Mailbox { get; } = mailbox;

    internal static void ThrowIfRefused(string mailbox, GraphAnswer answer)
    {
        if (answer.Status == HttpStatusCode.Forbidden) throw new MailboxUnreachableException(mailbox, answer.ErrorCode);
    }
}
