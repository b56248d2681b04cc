using System.Globalization;

namespace Bookings.Core.Notifications;

/// <summary>
/// What one notification says, before it is put into words: the values a template needs, with the
/// times already in the recipient's zone. The English wording below is the default; per-language
/// templates (Scriban) will read the same model.
/// </summary>
internal sealed record NotificationModel(
    string Kind,
    string RecipientName,
    string BusinessName,
    string ServiceName,
    string StaffName,
    string CustomerName,
    string? CustomerEmail,
    string? CustomerPhone,
    string? Notes,
    IReadOnlyList<(string Question, string Answer)> Answers,
    DateTimeOffset Start,
    DateTimeOffset End,
    TimeZoneInfo Zone,
    string? Location,
    string? ManageUrl,
    int OthersRemaining);

internal static class EnglishTemplates
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    public static (string Subject, MessageBody Body) Render(NotificationModel m)
    {
        var when = $"{m.Start.ToString("ddd d MMM yyyy, HH:mm", English)}";
        var body = new MessageBody();
        switch (m.Kind)
        {
            case NotificationKinds.BookingCustomer:
                body.Paragraph($"Hello {m.RecipientName},")
                    .Paragraph($"Your booking with {m.BusinessName} is confirmed.")
                    .Fields(("Service", m.ServiceName), ("With", m.StaffName), ("When", When(m)), ("Where", m.Location), ("Your notes", m.Notes));
                if (m.ManageUrl is not null) body.Link("To change or cancel your booking, open:", m.ManageUrl);
                body.Paragraph("The attached invitation adds the booking to your calendar.");
                return ($"Booking confirmed: {m.ServiceName} on {when}", body);

            case NotificationKinds.BookingStaff:
                body.Paragraph($"Hello {m.RecipientName},")
                    .Paragraph($"{m.CustomerName} booked {m.ServiceName} with you.")
                    .Fields(CustomerFields(m))
                    .Paragraph("The attached invitation adds the booking to your calendar.");
                return ($"New booking: {m.ServiceName} with {m.CustomerName} on {when}", body);

            case NotificationKinds.CancellationCustomer:
                body.Paragraph($"Hello {m.RecipientName},")
                    .Paragraph($"Your booking with {m.BusinessName} has been cancelled.")
                    .Fields(("Service", m.ServiceName), ("With", m.StaffName), ("When", When(m)))
                    .Paragraph("The attached cancellation removes it from your calendar.");
                return ($"Booking cancelled: {m.ServiceName} on {when}", body);

            case NotificationKinds.CancellationStaff:
                body.Paragraph($"Hello {m.RecipientName},")
                    .Paragraph($"{m.CustomerName} cancelled {m.ServiceName}.")
                    .Fields(CustomerFields(m))
                    .Paragraph(m.OthersRemaining > 0
                        ? $"The appointment still takes place with {m.OthersRemaining} {(m.OthersRemaining == 1 ? "attendee" : "attendees")}; the attached update keeps it in your calendar."
                        : "The attached cancellation removes it from your calendar.");
                return ($"Cancelled: {m.ServiceName} with {m.CustomerName} on {when}", body);

            default:
                throw new ArgumentOutOfRangeException(nameof(m), m.Kind, "No template for this kind of notification.");
        }
    }

    private static IEnumerable<(string, string?)> CustomerFields(NotificationModel m) =>
        [("Service", m.ServiceName), ("When", When(m)), ("Where", m.Location), ("Customer", m.CustomerName),
         ("Email", m.CustomerEmail), ("Phone", m.CustomerPhone), ("Notes", m.Notes), .. m.Answers.Select(a => (a.Question, (string?)a.Answer))];

    /// <summary>"Tuesday, 1 December 2026, 09:00–09:30 (Europe/Warsaw, UTC+01:00)": the zone is always named.</summary>
    internal static string When(NotificationModel m)
    {
        var start = m.Start.ToString("dddd, d MMMM yyyy, HH:mm", English);
        var end = m.End.Date == m.Start.Date ? m.End.ToString("HH:mm", English) : m.End.ToString("dddd, d MMMM yyyy, HH:mm", English);
        return $"{start}–{end} ({ZoneName(m.Zone, m.Start)})";
    }

    private static string ZoneName(TimeZoneInfo zone, DateTimeOffset at)
    {
        if (zone == TimeZoneInfo.Utc) return "UTC";
        var offset = at.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"{zone.Id}, UTC{sign}{offset.Duration():hh\\:mm}";
    }
}
