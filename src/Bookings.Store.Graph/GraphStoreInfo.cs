namespace Bookings.Store.Graph;

/// <summary>Defaults of the Microsoft 365 store.</summary>
public static class GraphStoreInfo
{
    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";
}
