using System.ComponentModel.DataAnnotations;

namespace Bookings.Hosting;

/// <summary>Settings under "Store".</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>Sqlite (embedded, default) or Graph (Microsoft 365).</summary>
    [Required]
    [RegularExpression("^(Sqlite|Graph)$", ErrorMessage = "Store:Provider must be Sqlite or Graph.")]
    public string Provider { get; set; } = "Sqlite";

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
