namespace Bookings.Core.Store;

/// <summary>A calendar's mailbox that the store may not read (on Microsoft 365: Graph answered 403), and why.</summary>
public sealed record UnreachableMailbox(string Mailbox, string Reason);

/// <summary>
/// Which calendars' mailboxes the store could not read when it last listed them. Only the Microsoft 365 store has such mailboxes (one
/// outside the app's Exchange scope); hosts get this from the services only there, and report the mailboxes (admin app, CLI, /health)
/// while listings skip them.
/// </summary>
public interface IMailboxReachability
{
    /// <summary>As of the last listing of the calendars (or read of one), in address order.</summary>
    IReadOnlyList<UnreachableMailbox> UnreachableMailboxes { get; }
}

/// <summary>
/// A store whose outbox dispatcher holds leases (the Microsoft 365 store: one dispatching instance per mailbox). A host that stops
/// gracefully gives them back, so another instance dispatches at once instead of after the lease runs out.
/// </summary>
public interface IDispatcherLeases
{
    Task ReleaseDispatcherLeasesAsync(CancellationToken ct = default);
}

/// <summary>
/// The calendar is registered (its slug and mailbox are kept), but the app may not open its mailbox yet (Microsoft 365: the mailbox is
/// outside the app's Exchange scope). It appears among the calendars, with its document, once the app can read the mailbox.
/// </summary>
public sealed class MailboxAccessPendingException(string mailbox, string message) : StoreRefusedException(message)
{
    public string Mailbox { get; } = mailbox;
}

/// <summary>What IT runs so that the app may open mailboxes (infra/exchange-scope.ps1, infra/entra-app.md).</summary>
public static class ExchangeScope
{
    /// <summary>
    /// The command that puts <paramref name="mailboxes"/> into the app's Exchange scope (RBAC for Applications, the default mode;
    /// an application access policy takes <c>-Mode AccessPolicy</c>). <paramref name="appId"/>: the Graph app's client id
    /// (Graph:ClientId) when known; else the placeholder entra-app.sh prints it as.
    /// </summary>
    public static string Command(IEnumerable<string> mailboxes, string? appId = null)
    {
        ArgumentNullException.ThrowIfNull(mailboxes);
        var id = string.IsNullOrWhiteSpace(appId) ? "<GRAPH_CLIENT_ID>" : appId.Trim();
        return $"./infra/exchange-scope.ps1 -AppId {id} -ServicePrincipalObjectId <SERVICE_PRINCIPAL_OBJECT_ID> -Mailboxes {string.Join(",", mailboxes)}";
    }
}

/// <summary>What deleting a calendar leaves behind, in English (the CLI; the admin app says it in its own languages).</summary>
public static class CalendarRemoval
{
    public const string EmbeddedNote = "The calendar is deleted with its appointments, customers and messages.";

    /// <summary>On Microsoft 365 the store only forgets the calendar: what Exchange keeps, and how IT removes the mailbox.</summary>
    public static string Microsoft365Note(string mailbox) =>
        $"The app no longer knows this calendar: its directory entry and its hidden folder (document, messages, audit log) are gone. Exchange keeps " +
        $"the mailbox {mailbox} and its calendar's events. To remove the mailbox, IT runs Remove-Mailbox -Identity {mailbox} (a shared mailbox); " +
        "a scheduling mailbox made by Microsoft Bookings goes when its business is deleted in Microsoft Bookings (or with Remove-Mailbox).";
}

/// <summary>
/// Sends mail as a calendar's mailbox (Microsoft 365: Graph <c>sendMail</c>, the request marked not idempotent so the transport
/// retries it only where nothing was done). Only the Microsoft 365 store has it: Bookings.Hosting registers it there.
/// </summary>
public interface IMailboxMail
{
    /// <summary>
    /// Sends <paramref name="request"/> (the sendMail body: the message and saveToSentItems) as <paramref name="mailbox"/>; returns once
    /// accepted. A refusal throws <see cref="HttpRequestException"/> with the status and the service's error code only (never its message,
    /// which can name the mailbox or a recipient).
    /// </summary>
    Task SendMailAsync(string mailbox, System.Text.Json.Nodes.JsonObject request, CancellationToken ct);
}
