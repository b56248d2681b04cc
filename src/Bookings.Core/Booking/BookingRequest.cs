namespace Bookings.Core.Booking;

public sealed class BookingRequest
{
    public string? ServiceId { get; set; }
    public string? StaffId { get; set; }

    /// <summary>The slot's instant; must carry an offset (the API refuses one without).</summary>
    public DateTimeOffset? Start { get; set; }
    public CustomerDetails? Customer { get; set; }
    public Dictionary<string, string?>? Answers { get; set; }
    public bool? Consent { get; set; }
    public bool? SmsOptIn { get; set; }

    /// <summary>The customer's language for their messages (en, pl; a culture such as pl-PL is accepted); null: the calendar's.</summary>
    public string? Language { get; set; }
}

public sealed class CustomerDetails
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? TimeZone { get; set; }
    public string? Notes { get; set; }
}
