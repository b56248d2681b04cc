namespace Bookings.Store.Graph;

/// <summary>What the Microsoft 365 store needs besides the HttpClient: which mailboxes it knows and where it keeps its data in them.</summary>
public sealed class GraphStoreOptions
{
    /// <summary>
    /// Existing (shared) mailboxes adopted by address. The calendar registry is every booking business
    /// (<c>GET /solutions/bookingBusinesses</c>) plus these; a creation for one of these addresses writes
    /// the document into it instead of creating a scheduling mailbox.
    /// </summary>
    public IList<string> AdoptedMailboxes { get; set; } = [];

    /// <summary>The property set of our single-value extended properties (<c>String {guid} Name X</c>).</summary>
    public Guid PropertySetId { get; set; } = new("6d1e3c0a-8f5b-4b8e-9a59-3c1f2b7d4e21");

    /// <summary>The hidden mail folder that holds the calendar document message.</summary>
    public string FolderName { get; set; } = "Bookings";

    /// <summary>The subject of the message whose body is the calendar document.</summary>
    public string DocumentSubject { get; set; } = "Bookings calendar document";
}
