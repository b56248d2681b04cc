using System.Text;
using System.Text.Json;
using Bookings.Core.Calendars;
using PhoneNumberUtil = global::PhoneNumbers.PhoneNumberUtil;

namespace Bookings.Core.Notifications;

/// <summary>An SMS as it waits in the outbox (OutboxMessage.Payload, channel "sms"): an E.164 number and plain text.</summary>
public sealed record SmsMessage(string To, string Body)
{
    public const string Channel = "sms";

    public string ToJson() => JsonSerializer.Serialize(this, CalendarJson.Compact);

    public static SmsMessage FromJson(string json) =>
        JsonSerializer.Deserialize<SmsMessage>(json, CalendarJson.Compact) ?? throw new JsonException("The SMS payload is empty (null).");
}

/// <summary>Phone numbers for SMS: parsed and validated with libphonenumber, written in E.164 (+48600100200).</summary>
public static class PhoneNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The number in E.164 and its region (ISO 3166, e.g. PL) when it is a valid number; a number without a leading +
    /// is read as one of <paramref name="defaultRegion"/> (null: only international numbers are accepted).
    /// </summary>
    public static bool TryE164(string? input, string? defaultRegion, out string e164, out string region)
    {
        e164 = "";
        region = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40) return false;
        try
        {
            var number = Util.Parse(input, string.IsNullOrWhiteSpace(defaultRegion) ? "ZZ" : defaultRegion.ToUpperInvariant());
            if (!Util.IsValidNumber(number)) return false;
            e164 = Util.Format(number, global::PhoneNumbers.PhoneNumberFormat.E164);
            region = Util.GetRegionCodeForNumber(number) ?? "";
            return region.Length == 2;
        }
        catch (global::PhoneNumbers.NumberParseException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="input"/> is already a valid number in E.164 form (what the SMS API and the opt-out list use).</summary>
    public static bool IsE164(string? input) => TryE164(input, null, out var e164, out _) && e164 == input;

    /// <summary>The region national numbers are read in: the business address's country when it is an ISO code, else the first SMS region.</summary>
    public static string? RegionOf(CalendarDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var country = doc.Address?.CountryOrRegion?.Trim();
        if (country is { Length: 2 } && Util.GetSupportedRegions().Contains(country.ToUpperInvariant())) return country.ToUpperInvariant();
        return doc.SmsAllowedRegions.FirstOrDefault();
    }

    /// <summary>Whether <paramref name="region"/> is an ISO 3166 region libphonenumber knows.</summary>
    public static bool IsRegion(string? region) => region is { Length: 2 } && Util.GetSupportedRegions().Contains(region.ToUpperInvariant());
}
