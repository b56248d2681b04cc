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

/// <summary>A refusal with its HTTP status, a stable machine code, a sentence for people and, for validation, errors by field.</summary>
public sealed record BookingError(int Status, string Code, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static BookingError NotFound(string code, string title) => new(404, code, title);
    public static BookingError Conflict(string code, string title, string? detail = null) => new(409, code, title, detail);
    public static BookingError Rule(string code, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null) => new(422, code, title, detail, errors);
    public static BookingError BadRequest(string code, string title, IReadOnlyDictionary<string, string[]>? errors = null) => new(400, code, title, null, errors);
}

public sealed class BookingException(BookingError error) : Exception(error.Title)
{
    public BookingError Error { get; } = error;
}
