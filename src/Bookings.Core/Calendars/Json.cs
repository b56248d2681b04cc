using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using Bookings.Core.Time;

namespace Bookings.Core.Calendars;

public static class CalendarJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: true);
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        o.MakeReadOnly();
        return o;
    }

    /// <summary>Parses a calendar document; JSON errors come back as a readable message naming the place.</summary>
    public static CalendarDocument Parse(string json)
    {
        CalendarDocument doc;
        try
        {
            doc = JsonSerializer.Deserialize<CalendarDocument>(json, Options)
                ?? throw new CalendarDocumentException("The calendar document is empty (null).");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } p ? $" at {p}" : "";
            var line = e.LineNumber is long l ? $" (line {l + 1})" : "";
            var inner = e.InnerException?.Message ?? e.Message;
            throw new CalendarDocumentException($"The calendar document is not valid JSON{where}{line}: {FirstSentence(inner)}");
        }
        if (FirstNullEntry(doc) is { } at)
            throw new CalendarDocumentException($"The calendar document is not valid at {at}: an entry cannot be null.");
        // Windows ids are accepted on input and stored as IANA; unknown ids stay for validation to name.
        doc.BookingPageSettings.BusinessTimeZone = TimeZones.ToIana(doc.BookingPageSettings.BusinessTimeZone) ?? doc.BookingPageSettings.BusinessTimeZone;
        foreach (var staff in doc.StaffMembers)
            if (staff.TimeZone is { } zone) staff.TimeZone = TimeZones.ToIana(zone) ?? zone;
        return doc;
    }

    // The serializer fills a list with whatever the JSON holds, null included; nothing after Parse expects one.
    private static string? FirstNullEntry(CalendarDocument doc)
    {
        static string? Hours(string path, List<BookingWorkHours> hours)
        {
            for (var i = 0; i < hours.Count; i++)
            {
                if (hours[i] is null) return $"{path}[{i}]";
                if (hours[i].TimeSlots.IndexOf(null!) is var j and >= 0) return $"{path}[{i}].timeSlots[{j}]";
            }
            return null;
        }

        if (Hours("$.businessHours", doc.BusinessHours) is { } h) return h;
        if (doc.CustomQuestions.IndexOf(null!) is var q and >= 0) return $"$.customQuestions[{q}]";
        for (var i = 0; i < doc.StaffMembers.Count; i++)
        {
            if (doc.StaffMembers[i] is null) return $"$.staffMembers[{i}]";
            if (Hours($"$.staffMembers[{i}].workingHours", doc.StaffMembers[i].WorkingHours) is { } w) return w;
        }
        for (var i = 0; i < doc.Services.Count; i++)
        {
            if (doc.Services[i] is null) return $"$.services[{i}]";
            if (doc.Services[i].CustomQuestions.IndexOf(null!) is var a and >= 0) return $"$.services[{i}].customQuestions[{a}]";
        }
        return null;
    }

    public static string Serialize(CalendarDocument doc, bool indented = true) =>
        JsonSerializer.Serialize(doc, indented ? Options : Compact);

    public static CalendarDocument Clone(CalendarDocument doc) => Parse(Serialize(doc, indented: false));

    private static string FirstSentence(string s)
    {
        var i = s.IndexOf(". Path:", StringComparison.Ordinal);
        return i > 0 ? s[..i] : s;
    }
}

public sealed class CalendarDocumentException(string message) : Exception(message);

/// <summary>ISO 8601 durations (PT30M, P1D, PT0S). Negative durations are read and refused by validation.</summary>
public sealed class IsoDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString();
        if (string.IsNullOrWhiteSpace(s)) throw new JsonException("A duration must be an ISO 8601 string such as PT30M.");
        try
        {
            return XmlConvert.ToTimeSpan(s.Trim());
        }
        catch (FormatException)
        {
            throw new JsonException($"'{s}' is not an ISO 8601 duration such as PT30M.");
        }
        catch (OverflowException)
        {
            throw new JsonException($"'{s}' is too long a duration.");
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(TimeSpan value) => XmlConvert.ToString(value);
}

/// <summary>Times of day as HH:mm:ss with optional fractions; 24:00:00 is the midnight that ends the day.</summary>
public sealed class TimeOfDayConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString() ?? "";
        if (TryParse(s, out var t)) return t;
        throw new JsonException($"'{s}' is not a time of day such as 09:00:00.");
    }

    public static bool TryParse(string s, out TimeSpan value)
    {
        s = s.Trim();
        value = default;
        if (s is "24:00" or "24:00:00" || (s.StartsWith("24:00:00.", StringComparison.Ordinal) && s[9..].All(c => c == '0')))
        {
            value = TimeSpan.FromDays(1);
            return true;
        }
        string[] formats = ["hh\\:mm", "hh\\:mm\\:ss", "hh\\:mm\\:ss\\.FFFFFFF"];
        if (s.Length >= 5 && TimeSpan.TryParseExact(s, formats, CultureInfo.InvariantCulture, out var t) && t >= TimeSpan.Zero && t < TimeSpan.FromDays(1))
        {
            value = t;
            return true;
        }
        return false;
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    // Fractions are written only when there are some, so that what was read round-trips.
    public static string Format(TimeSpan value) =>
        value >= TimeSpan.FromDays(1) ? "24:00:00"
        : value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "hh\\:mm\\:ss" : "hh\\:mm\\:ss\\.FFFFFFF", CultureInfo.InvariantCulture);
}
