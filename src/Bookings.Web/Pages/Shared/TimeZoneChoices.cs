using Bookings.Core.Time;

namespace Bookings.Web.Pages.Shared;

/// <summary>The zones a visitor can pick without JavaScript: the IANA regions, not the legacy aliases.</summary>
public static class TimeZoneChoices
{
    private static readonly string[] Regions = ["Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/"];

    private static readonly Lazy<IReadOnlyList<string>> All = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)
            .Where(id => Regions.Any(r => id.StartsWith(r, StringComparison.Ordinal)) && TimeZones.ToIana(id) == id)
            .Order(StringComparer.Ordinal)
            .Prepend("UTC")]);

    public static IReadOnlyList<string> Ids => All.Value;
}
