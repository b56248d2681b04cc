using System.Text;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Attendee = Bookings.Core.Store.Attendee;
using IcalAttendee = Ical.Net.DataTypes.Attendee;

namespace Bookings.Core.Notifications;

public enum InviteMethod { Request, Cancel }

/// <summary>
/// The .ics (iTIP) attached to a notification: one VEVENT whose UID is the appointment's stable
/// IcsUid, so a later update or cancellation replaces the same entry in the recipient's calendar.
/// </summary>
public static class CalendarInvite
{
    public const string ProductId = "-//Bookings//Bookings appointment//EN";

    public static string ContentType(InviteMethod method) => $"text/calendar; method={MethodName(method)}; charset=utf-8";

    public static string MethodName(InviteMethod method) => method == InviteMethod.Cancel ? "CANCEL" : "REQUEST";

    /// <param name="customers">The customers this copy may name: the recipient only, or a staff member's own attendee list.</param>
    /// <param name="zoneId">The IANA zone the times are written in, with its VTIMEZONE (the business's); null or unknown: UTC.</param>
    /// <param name="description">Plain text for DESCRIPTION (escaped and folded by the serializer).</param>
    /// <param name="joinUrl">The online meeting's link: URL of the event, and Outlook's Teams property.</param>
    public static string Create(InviteMethod method, Mailbox mailbox, Appointment appointment, BookingStaffMember? staff,
        IEnumerable<Attendee> customers, string summary, string? location, DateTimeOffset now,
        string? zoneId = null, string? description = null, string? joinUrl = null)
    {
        var calendar = new Calendar { ProductId = ProductId, Method = MethodName(method) };
        var zone = zoneId is not null && zoneId != "UTC" && Time.TimeZones.TryResolve(zoneId, out var z) ? z : null;
        if (zone is not null)
            calendar.AddTimeZone(zone.Id, appointment.Start.UtcDateTime.AddDays(-1), includeHistoricalData: false);
        var evt = new CalendarEvent
        {
            Uid = appointment.IcsUid,
            Sequence = appointment.Sequence,
            DtStamp = Utc(now),
            DtStart = zone is null ? Utc(appointment.Start) : Local(appointment.Start, zone),
            DtEnd = zone is null ? Utc(appointment.End) : Local(appointment.End, zone),
            Summary = OneLineText(summary),
            Location = location is null ? null : OneLineText(location),
            Description = description,
            Status = method == InviteMethod.Cancel ? "CANCELLED" : "CONFIRMED",
        };
        if (joinUrl is not null && Uri.TryCreate(joinUrl, UriKind.Absolute, out var join) && join.Scheme == Uri.UriSchemeHttps)
        {
            evt.Url = join;
            evt.AddProperty("X-MICROSOFT-SKYPETEAMSMEETINGURL", join.AbsoluteUri);
        }
        if (EmailAddress.IsValid(mailbox.Id))
            evt.Organizer = new Organizer("mailto:" + mailbox.Id) { CommonName = Parameter(mailbox.Document.DisplayName) };
        if (staff is not null && EmailAddress.IsValid(staff.EmailAddress))
            evt.Attendees.Add(Participant(staff.EmailAddress!, staff.DisplayName, method));
        foreach (var customer in customers)
            if (EmailAddress.IsValid(customer.Email))
                evt.Attendees.Add(Participant(customer.Email!, customer.Name, method));
        calendar.Events.Add(evt);
        return Refold(new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException("Ical.Net returned no text for the invitation."));
    }

    // Ical.Net folds at 75 octets but may cut a surrogate pair in two, which no reader can put back together (it reads
    // U+FFFD). Its folds are undone and the lines folded again (RFC 5545 3.1): at most 75 octets a line, the break always
    // between two whole characters. Unfolding is exact: escaped values never hold a line break.
    private static string Refold(string ics)
    {
        var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        var folded = new StringBuilder(ics.Length + ics.Length / 20);
        Span<char> utf16 = stackalloc char[2];
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) folded.Append("\r\n");
            var octets = 0;
            foreach (var character in lines[i].EnumerateRunes())
            {
                if (octets + character.Utf8SequenceLength > MaxLineOctets)
                {
                    folded.Append("\r\n ");
                    octets = 1;
                }
                folded.Append(utf16[..character.EncodeToUtf16(utf16)]);
                octets += character.Utf8SequenceLength;
            }
        }
        return folded.ToString();
    }

    private const int MaxLineOctets = 75;

    private static IcalAttendee Participant(string email, string name, InviteMethod method)
    {
        var attendee = new IcalAttendee("mailto:" + email)
        {
            CommonName = Parameter(name),
            Role = "REQ-PARTICIPANT",
            Rsvp = false,
        };
        // Booked is already agreed; nobody is asked to accept.
        if (method == InviteMethod.Request) attendee.ParticipationStatus = "ACCEPTED";
        return attendee;
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, "UTC", hasTime: true);

    // Wall-clock time in the zone, written with its TZID (the VTIMEZONE above describes it).
    private static CalDateTime Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        new(DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified), zone.Id, hasTime: true);

    // SUMMARY and LOCATION are one line in every client; the serializer escapes what remains (commas, semicolons, backslashes).
    private static string OneLineText(string text) => MessageText.Header(text, maxLength: 250);

    // Ical.Net escapes property values (SUMMARY, LOCATION) but writes parameter values such as CN
    // as given: a line break there would start a new property. Parameter values cannot hold control
    // characters or quotes (RFC 5545 3.1), so they are flattened to one line.
    private static string Parameter(string text) => MessageText.Header(text).Replace("\"", "'", StringComparison.Ordinal);
}
