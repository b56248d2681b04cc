using System.Globalization;
using Bookings.Core.Store;

namespace Bookings.Core.Booking;

/// <summary>What sort of refusal an error is; the host decides what each means (the API: one HTTP status per kind).</summary>
public enum BookingErrorKind
{
    /// <summary>The thing asked for does not exist (or may not be seen).</summary>
    NotFound,

    /// <summary>The time (or the thing) is taken or changed by someone else.</summary>
    Conflict,

    /// <summary>A rule of the calendar or of the booking refuses it.</summary>
    Rule,

    /// <summary>The request itself is malformed.</summary>
    Invalid,
}

/// <summary>What is wrong with one field: a code of <see cref="FieldCodes"/> and its arguments (keys of <see cref="ErrorArgs"/>).</summary>
public sealed record FieldError(string Code, IReadOnlyDictionary<string, string>? Args = null);

/// <summary>
/// A refusal: its kind, a stable machine code (<see cref="ErrorCodes"/>), the variant of it when the code is said in more than
/// one way (<see cref="ErrorVariants"/>), its arguments (<see cref="ErrorArgs"/>) and, for validation, what is wrong by field.
/// Core says no sentence: the hosts render it through their catalogue (Bookings.Web's <c>ErrorText</c>).
/// </summary>
public sealed record BookingError(BookingErrorKind Kind, string Code, string? Variant = null, IReadOnlyDictionary<string, string>? Args = null,
    IReadOnlyDictionary<string, FieldError>? Errors = null)
{
    public static BookingError NotFound(string code, string? variant = null, IReadOnlyDictionary<string, string>? args = null) =>
        new(BookingErrorKind.NotFound, code, variant, args);

    public static BookingError Conflict(string code, string? variant = null) => new(BookingErrorKind.Conflict, code, variant);

    public static BookingError Rule(string code, string? variant = null, IReadOnlyDictionary<string, string>? args = null,
        IReadOnlyDictionary<string, FieldError>? errors = null) => new(BookingErrorKind.Rule, code, variant, args, errors);

    public static BookingError Invalid(string code, string? variant = null, IReadOnlyDictionary<string, string>? args = null,
        IReadOnlyDictionary<string, FieldError>? errors = null) => new(BookingErrorKind.Invalid, code, variant, args, errors);

    /// <summary>One field's error, as the errors of a refusal.</summary>
    public static IReadOnlyDictionary<string, FieldError> Field(string field, string code, IReadOnlyDictionary<string, string>? args = null) =>
        new Dictionary<string, FieldError>(StringComparer.Ordinal) { [field] = new(code, args) };

    /// <summary>A string argument, or "" when absent.</summary>
    public string Arg(string key) => Args is not null && Args.TryGetValue(key, out var value) ? value : "";
}

/// <summary>A refusal of Core; the message is its code (the sentence is the host's to render).</summary>
public sealed class BookingException(BookingError error) : Exception(error.Code)
{
    public BookingError Error { get; } = error;
}

/// <summary>Every code Core refuses with, defined once (the API's ProblemDetails <c>code</c>; the conflict codes are the stores').</summary>
public static class ErrorCodes
{
    public const string SlotTaken = ConflictCodes.SlotTaken;
    public const string SeatsFull = ConflictCodes.SeatsFull;
    public const string StaffCapReached = ConflictCodes.StaffCapReached;

    // Booking (BookingHandler, BookingStart)
    public const string MissingField = "missing_field";
    public const string ServiceNotFound = "service_not_found";
    public const string StaffNotFound = "staff_not_found";
    public const string StaffSelectionDisabled = "staff_selection_disabled";
    public const string InvalidTimeZone = "invalid_time_zone";
    public const string ValidationFailed = "validation_failed";
    public const string ConsentRequired = "consent_required";
    public const string AnswerRequired = "answer_required";
    public const string InvalidStart = "invalid_start";
    public const string StartInPast = "start_in_past";
    public const string InsideMinimumLeadTime = "inside_minimum_lead_time";
    public const string BeyondMaximumAdvance = "beyond_maximum_advance";
    public const string NotOnGrid = "not_on_grid";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyReplayUnavailable = "idempotency_replay_unavailable";
    public const string BookingCancelled = "booking_cancelled";

    // Manage link (ManageHandler)
    public const string BookingNotFound = "booking_not_found";
    public const string ManageNotAllowed = "manage_not_allowed";
    public const string AlreadyStarted = "already_started";
    public const string GroupRescheduleUnsupported = "group_reschedule_unsupported";
    public const string SameTime = "same_time";

    // Admin app (AdminAppointments)
    public const string NotFound = "not_found";
    public const string StaffNotEligible = "staff_not_eligible";
    public const string InThePast = "in_the_past";
    public const string AlreadyCancelled = "already_cancelled";
    public const string GroupMoveUnsupported = "group_move_unsupported";
    public const string NothingToChange = "nothing_to_change";
    public const string TimeOff = "time_off";
}

/// <summary>The ways one code is said, where there is more than one (<see cref="BookingError.Variant"/>).</summary>
public static class ErrorVariants
{
    // inside_minimum_lead_time: booking a time, or cancelling or changing a booking.
    public const string Book = "book";
    public const string Cancel = "cancel";
    public const string Change = "change";

    // slot_taken, staff_cap_reached: while a booking was being made; a moved booking's new time was not free, or was just taken.
    public const string JustTaken = "just_taken";
    public const string NotFree = "not_free";

    // missing_field start (an instant is required), invalid_time_zone (a control character or an unknown zone), invalid_start.
    public const string Instant = "instant";
    public const string ControlCharacter = "control_character";
    public const string Unknown = "unknown";
    public const string Date = "date";
    public const string Time = "time";

    // not_found of the admin app, already_cancelled (the appointment, or every seat of it).
    public const string Service = "service";
    public const string Staff = "staff";
    public const string Appointment = "appointment";
    public const string Attendee = "attendee";
    public const string Already = "already";

    // slot_taken, seats_full, staff_cap_reached in the admin app.
    public const string Admin = "admin";
}

/// <summary>The keys of <see cref="BookingError.Args"/> and <see cref="FieldError.Args"/>.</summary>
public static class ErrorArgs
{
    /// <summary>A field's name as the request spells it (serviceId, start, customer).</summary>
    public const string Field = "field";

    /// <summary>An id or a value the request named.</summary>
    public const string Value = "value";

    /// <summary>A duration, in whole minutes (<see cref="Minutes"/>).</summary>
    public const string Duration = "duration";

    /// <summary>A count (at most so many characters).</summary>
    public const string Max = "max";

    /// <summary>The calendar's name and its contact (phone, email), for manage_not_allowed.</summary>
    public const string Name = "name";
    public const string Contact = "contact";

    public static IReadOnlyDictionary<string, string> Of(params (string Key, string Value)[] args) =>
        args.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    public static string Minutes(TimeSpan t) => ((long)t.TotalMinutes).ToString(CultureInfo.InvariantCulture);

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The codes of <see cref="FieldError"/>.</summary>
public static class FieldCodes
{
    public const string Required = "required";
    public const string RequiredInstant = "required_instant";
    public const string StaffSelectionOff = "staff_selection_off";
    public const string ControlCharacter = "control_character";
    public const string IanaTimeZone = "iana_time_zone";
    public const string NameRequired = "name_required";
    public const string TooLong = "too_long";
    public const string NameControlCharacters = "name_control_characters";
    public const string EmailRequired = "email_required";
    public const string EmailInvalid = "email_invalid";
    public const string PhoneInvalid = "phone_invalid";
    public const string NoSuchQuestion = "no_such_question";
    public const string ChooseOfferedAnswer = "choose_offered_answer";
    public const string AnswerRequired = "answer_required";
    public const string ConsentRequired = "consent_required";
    public const string NoSuchDay = "no_such_day";
    public const string NoSuchTime = "no_such_time";

    /// <summary>The admin app's: a value that is not valid.</summary>
    public const string Invalid = "invalid";
}
