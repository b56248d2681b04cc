using System.Text.RegularExpressions;

namespace Bookings.GraphEmulation.State;

/// <summary>
/// The id of a single-value extended property in one of the formats of resources/extended-properties-overview.md:
/// <c>{type} {guid} Name {name}</c>, <c>{type} {guid} Id {hex}</c> or <c>{type} {proptag}</c>. The type keyword and the
/// GUID compare ignoring case; the Name part compares case-sensitively ("Filtering the string name (Name) in the id of an
/// extended property is case-sensitive", singlevaluelegacyextendedproperty-get.md).
/// </summary>
internal sealed partial record ExtendedPropertyId(string Type, string Key)
{
    private static readonly HashSet<string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        "Binary", "Boolean", "CLSID", "Currency", "Double", "Float", "Integer", "Long", "Short", "SystemTime", "String",
    };

    public bool IsString => Type.Equals("String", StringComparison.OrdinalIgnoreCase);

    public static ExtendedPropertyId? Parse(string id)
    {
        var m = Format().Match(id.Trim());
        if (!m.Success || !Types.Contains(m.Groups["type"].Value)) return null;
        var type = Types.First(t => t.Equals(m.Groups["type"].Value, StringComparison.OrdinalIgnoreCase));
        string key;
        if (m.Groups["guid"].Success)
        {
            var guid = m.Groups["guid"].Value.ToLowerInvariant();
            key = m.Groups["kind"].Value.Equals("Name", StringComparison.OrdinalIgnoreCase)
                ? $"{type.ToLowerInvariant()} {guid} name {m.Groups["name"].Value}"
                : $"{type.ToLowerInvariant()} {guid} id {m.Groups["name"].Value.ToLowerInvariant()}";
        }
        else
        {
            key = $"{type.ToLowerInvariant()} {m.Groups["tag"].Value.ToLowerInvariant()}";
        }
        return new ExtendedPropertyId(type, key);
    }

    [GeneratedRegex(@"^(?<type>[A-Za-z]+)\s+(?:(?<guid>\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\})\s+(?<kind>Name|Id)\s+(?<name>\S.*)|(?<tag>0x[0-9A-Fa-f]{1,8}))$", RegexOptions.IgnoreCase)]
    private static partial Regex Format();
}
