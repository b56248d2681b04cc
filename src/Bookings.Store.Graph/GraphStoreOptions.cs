namespace Bookings.Store.Graph;

/// <summary>What the Microsoft 365 store needs besides the HttpClient: which mailboxes it knows and where it keeps its data in them.</summary>
public sealed class GraphStoreOptions
{
    /// <summary>
    /// The mailbox whose hidden folder holds the calendar directory (which mailboxes are calendars, under which slug) and the SMS
    /// opt-outs: any mailbox in the app's scope, for example the first calendar's (Graph:DirectoryMailbox). Application tokens may not
    /// list booking businesses, so the store keeps its own list.
    /// </summary>
    public string DirectoryMailbox { get; set; } = "";

    /// <summary>Mailboxes that are calendars by configuration (besides the directory's): shared mailboxes adopted by address.</summary>
    public IList<string> AdoptedMailboxes { get; set; } = [];

    /// <summary>The property set of our single-value extended properties (<c>String {guid} Name X</c>).</summary>
    public Guid PropertySetId { get; set; } = new("6d1e3c0a-8f5b-4b8e-9a59-3c1f2b7d4e21");

    /// <summary>The hidden mail folder that holds our items in each mailbox.</summary>
    public string FolderName { get; set; } = "Bookings";
}
