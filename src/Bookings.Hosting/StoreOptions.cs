using System.ComponentModel.DataAnnotations;

namespace Bookings.Hosting;

/// <summary>Settings under "Store".</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>Sqlite (embedded, default) or Graph (Microsoft 365).</summary>
    [Required]
    /// <summary>The Store:Provider value of the embedded store (the default).</summary>
    public const string EmbeddedProvider = "Sqlite";

    /// <summary>The Store:Provider value of the Microsoft 365 store.</summary>
    public const string Microsoft365Provider = "Graph";

    [RegularExpression("^(Sqlite|Graph)$", ErrorMessage = "Store:Provider must be Sqlite or Graph.")]
    public string Provider { get; set; } = EmbeddedProvider;

    /// <summary>Where the embedded store keeps bookings.db, and where .eml files go (mail/).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Store:DataDirectory must be set.")]
    public string DataDirectory { get; set; } = "./data";
}

/// <summary>Settings under "Seed".</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Create the demo calendar (slug contoso) on first start when the store is empty.</summary>
    public bool Demo { get; set; } = true;
}
