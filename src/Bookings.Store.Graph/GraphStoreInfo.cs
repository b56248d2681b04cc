namespace Bookings.Store.Graph;

/// <summary>Placeholder for the Microsoft 365 store; the provider switch refuses "Graph" until it lands.</summary>
public static class GraphStoreInfo
{
    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";
}
