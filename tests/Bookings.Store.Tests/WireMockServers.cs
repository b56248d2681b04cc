namespace Bookings.Store.Tests;

/// <summary>The test classes that start WireMock servers run one after another, not in parallel with each other.</summary>
[CollectionDefinition(Name)]
public sealed class WireMockServers
{
    public const string Name = "WireMock servers";
}
