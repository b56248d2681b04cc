using System.Globalization;
using System.Text;

namespace Bookings.Core.Calendars;

/// <summary>Ids and slugs made from what people type: names of calendars, services and questions.</summary>
public static class Slugs
{
    /// <summary>
    /// Lowercase ASCII letters and digits joined by single hyphens, accents and Polish letters folded ("Gabinet Łódź" → gabinet-lodz),
    /// at most <paramref name="maxLength"/> long; <paramref name="fallback"/> when nothing is left. Valid as a slug and as an id.
    /// </summary>
    public static string From(string? text, int maxLength, string fallback)
    {
        var folded = (text ?? "").Replace('ł', 'l').Replace('Ł', 'L').Replace('ß', 's').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in folded)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(lower);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > maxLength) slug = slug[..maxLength].TrimEnd('-');
        return slug.Length == 0 ? fallback : slug;
    }

    /// <summary><paramref name="stem"/> when it is not taken, else the first of stem-2, stem-3… that is not.</summary>
    public static string Unique(string stem, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        var candidate = stem;
        for (var n = 2; isTaken(candidate); n++) candidate = $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}";
        return candidate;
    }
}
