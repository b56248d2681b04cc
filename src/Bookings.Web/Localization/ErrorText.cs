using System.Globalization;
using Bookings.Core.Booking;

namespace Bookings.Web.Localization;

/// <summary>A title and, when there is more to say, a detail.</summary>
public sealed record ErrorSentence(string Title, string? Detail = null);

/// <summary>A refusal as people read it, in one language: what a page shows and what the API answers.</summary>
public sealed record ShownError(BookingErrorKind Kind, string Code, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>
/// Core's refusals (<see cref="BookingError"/>: a code, a variant, arguments, field codes) in words, once in English (what the API
/// answers) and once in Polish (the pages). The same shape as <see cref="PageText"/>: one instance per language, every entry
/// required so the compiler checks that neither language misses one, functions for entries with arguments.
/// </summary>
public sealed partial class ErrorText
{
    // Booking (BookingHandler, BookingStart)
    public required Func<string, ErrorSentence> MissingField { get; init; }
    public required Func<string, ErrorSentence> ServiceNotFound { get; init; }
    public required Func<string, ErrorSentence> StaffNotFound { get; init; }
    public required ErrorSentence StaffSelectionDisabled { get; init; }
    public required ErrorSentence TimeZoneControlCharacter { get; init; }
    public required Func<string, ErrorSentence> UnknownTimeZone { get; init; }
    public required ErrorSentence DetailsNeedAttention { get; init; }
    public required Func<string, ErrorSentence> DateDoesNotExist { get; init; }
    public required Func<string, ErrorSentence> TimeDoesNotExist { get; init; }
    public required ErrorSentence StartInPast { get; init; }
    public required Func<TimeSpan, ErrorSentence> TooSoonToBook { get; init; }
    public required Func<TimeSpan, ErrorSentence> TooFarAhead { get; init; }
    public required ErrorSentence NotOnGrid { get; init; }
    public required ErrorSentence SlotJustTaken { get; init; }
    public required ErrorSentence SeatsFull { get; init; }
    public required ErrorSentence StaffCapReached { get; init; }
    public required ErrorSentence StaffCapReachedWhileBooking { get; init; }
    public required ErrorSentence InvalidIdempotencyKey { get; init; }
    public required ErrorSentence IdempotencyKeyReused { get; init; }
    public required ErrorSentence IdempotencyReplayUnavailable { get; init; }
    public required ErrorSentence BookingCancelled { get; init; }

    // Manage link (ManageHandler)
    public required ErrorSentence BookingNotFound { get; init; }
    public required Func<string, string, ErrorSentence> ManageNotAllowed { get; init; }
    public required Func<TimeSpan, ErrorSentence> TooLateToCancel { get; init; }
    public required Func<TimeSpan, ErrorSentence> TooLateToChange { get; init; }
    public required ErrorSentence AlreadyStarted { get; init; }
    public required ErrorSentence GroupRescheduleUnsupported { get; init; }
    public required ErrorSentence SameTime { get; init; }
    public required ErrorSentence TimeNotFree { get; init; }
    public required ErrorSentence TimeJustTaken { get; init; }

    // Admin app (AdminAppointments; its pages say these their own way, by code)
    public required ErrorSentence NoSuchService { get; init; }
    public required ErrorSentence NoSuchStaff { get; init; }
    public required ErrorSentence NoSuchAppointment { get; init; }
    public required ErrorSentence NoSuchAttendee { get; init; }
    public required ErrorSentence StaffNotEligible { get; init; }
    public required ErrorSentence InThePast { get; init; }
    public required ErrorSentence AppointmentCancelled { get; init; }
    public required ErrorSentence AppointmentAlreadyCancelled { get; init; }
    public required ErrorSentence GroupMoveUnsupported { get; init; }
    public required ErrorSentence NothingToChange { get; init; }
    public required ErrorSentence TimeOff { get; init; }
    public required ErrorSentence AdminTimeNotFree { get; init; }

    /// <summary>A code this catalogue has no entry for (a test keeps every code of <see cref="ErrorCodes"/> out of it).</summary>
    public required ErrorSentence Refused { get; init; }

    // Fields
    public required string Required { get; init; }
    public required string RequiredInstant { get; init; }
    public required string StaffSelectionOff { get; init; }
    public required string ControlCharacter { get; init; }
    public required string IanaTimeZone { get; init; }
    public required string NameRequired { get; init; }
    public required Func<int, string> TooLong { get; init; }
    public required string NameControlCharacters { get; init; }
    public required string EmailRequired { get; init; }
    public required string EmailInvalid { get; init; }
    public required string PhoneInvalid { get; init; }
    public required string NoSuchQuestion { get; init; }
    public required string ChooseOfferedAnswer { get; init; }
    public required string AnswerRequired { get; init; }
    public required string ConsentRequired { get; init; }
    public required string NoSuchDay { get; init; }
    public required string NoSuchTime { get; init; }
    public required string Invalid { get; init; }

    /// <summary>The refusal in this language: its title, detail and each field's message.</summary>
    public ShownError Render(BookingError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var sentence = Sentence(error);
        var errors = error.Errors?.ToDictionary(e => e.Key, e => new[] { Field(e.Value) }, StringComparer.Ordinal);
        return new ShownError(error.Kind, error.Code, sentence.Title, sentence.Detail, errors);
    }

    /// <summary>Whether this catalogue has an entry for the error (it does not fall back to <see cref="Refused"/>).</summary>
    public bool Knows(BookingError error) => !ReferenceEquals(Sentence(error), Refused);

    private ErrorSentence Sentence(BookingError e) => (e.Code, e.Variant) switch
    {
        (ErrorCodes.MissingField, _) => MissingField(e.Arg(ErrorArgs.Field)),
        (ErrorCodes.ServiceNotFound, _) => ServiceNotFound(e.Arg(ErrorArgs.Value)),
        (ErrorCodes.StaffNotFound, _) => StaffNotFound(e.Arg(ErrorArgs.Value)),
        (ErrorCodes.StaffSelectionDisabled, _) => StaffSelectionDisabled,
        (ErrorCodes.InvalidTimeZone, ErrorVariants.ControlCharacter) => TimeZoneControlCharacter,
        (ErrorCodes.InvalidTimeZone, _) => UnknownTimeZone(e.Arg(ErrorArgs.Value)),
        (ErrorCodes.ValidationFailed or ErrorCodes.ConsentRequired or ErrorCodes.AnswerRequired, _) => DetailsNeedAttention,
        (ErrorCodes.InvalidStart, ErrorVariants.Time) => TimeDoesNotExist(e.Arg(ErrorArgs.Value)),
        (ErrorCodes.InvalidStart, _) => DateDoesNotExist(e.Arg(ErrorArgs.Value)),
        (ErrorCodes.StartInPast, _) => StartInPast,
        (ErrorCodes.InsideMinimumLeadTime, ErrorVariants.Cancel) => TooLateToCancel(Duration(e)),
        (ErrorCodes.InsideMinimumLeadTime, ErrorVariants.Change) => TooLateToChange(Duration(e)),
        (ErrorCodes.InsideMinimumLeadTime, _) => TooSoonToBook(Duration(e)),
        (ErrorCodes.BeyondMaximumAdvance, _) => TooFarAhead(Duration(e)),
        (ErrorCodes.NotOnGrid, _) => NotOnGrid,
        (ErrorCodes.SlotTaken or ErrorCodes.SeatsFull or ErrorCodes.StaffCapReached, ErrorVariants.Admin) => AdminTimeNotFree,
        (ErrorCodes.SlotTaken, ErrorVariants.NotFree) => TimeNotFree,
        (ErrorCodes.SlotTaken, ErrorVariants.JustTaken) => TimeJustTaken,
        (ErrorCodes.SlotTaken, _) => SlotJustTaken,
        (ErrorCodes.SeatsFull, _) => SeatsFull,
        (ErrorCodes.StaffCapReached, ErrorVariants.JustTaken) => StaffCapReachedWhileBooking,
        (ErrorCodes.StaffCapReached, _) => StaffCapReached,
        (ErrorCodes.InvalidIdempotencyKey, _) => InvalidIdempotencyKey,
        (ErrorCodes.IdempotencyKeyReused, _) => IdempotencyKeyReused,
        (ErrorCodes.IdempotencyReplayUnavailable, _) => IdempotencyReplayUnavailable,
        (ErrorCodes.BookingCancelled, _) => BookingCancelled,
        (ErrorCodes.BookingNotFound, _) => BookingNotFound,
        (ErrorCodes.ManageNotAllowed, _) => ManageNotAllowed(e.Arg(ErrorArgs.Name), e.Arg(ErrorArgs.Contact)),
        (ErrorCodes.AlreadyStarted, _) => AlreadyStarted,
        (ErrorCodes.GroupRescheduleUnsupported, _) => GroupRescheduleUnsupported,
        (ErrorCodes.SameTime, _) => SameTime,
        (ErrorCodes.NotFound, ErrorVariants.Service) => NoSuchService,
        (ErrorCodes.NotFound, ErrorVariants.Staff) => NoSuchStaff,
        (ErrorCodes.NotFound, ErrorVariants.Attendee) => NoSuchAttendee,
        (ErrorCodes.NotFound, _) => NoSuchAppointment,
        (ErrorCodes.StaffNotEligible, _) => StaffNotEligible,
        (ErrorCodes.InThePast, _) => InThePast,
        (ErrorCodes.AlreadyCancelled, ErrorVariants.Already) => AppointmentAlreadyCancelled,
        (ErrorCodes.AlreadyCancelled, _) => AppointmentCancelled,
        (ErrorCodes.GroupMoveUnsupported, _) => GroupMoveUnsupported,
        (ErrorCodes.NothingToChange, _) => NothingToChange,
        (ErrorCodes.TimeOff, _) => TimeOff,
        _ => Refused,
    };

    private string Field(FieldError field) => field.Code switch
    {
        FieldCodes.Required => Required,
        FieldCodes.RequiredInstant => RequiredInstant,
        FieldCodes.StaffSelectionOff => StaffSelectionOff,
        FieldCodes.ControlCharacter => ControlCharacter,
        FieldCodes.IanaTimeZone => IanaTimeZone,
        FieldCodes.NameRequired => NameRequired,
        FieldCodes.TooLong => TooLong(int.Parse(Arg(field.Args, ErrorArgs.Max), CultureInfo.InvariantCulture)),
        FieldCodes.NameControlCharacters => NameControlCharacters,
        FieldCodes.EmailRequired => EmailRequired,
        FieldCodes.EmailInvalid => EmailInvalid,
        FieldCodes.PhoneInvalid => PhoneInvalid,
        FieldCodes.NoSuchQuestion => NoSuchQuestion,
        FieldCodes.ChooseOfferedAnswer => ChooseOfferedAnswer,
        FieldCodes.AnswerRequired => AnswerRequired,
        FieldCodes.ConsentRequired => ConsentRequired,
        FieldCodes.NoSuchDay => NoSuchDay,
        FieldCodes.NoSuchTime => NoSuchTime,
        _ => Invalid,
    };

    private static TimeSpan Duration(BookingError e) =>
        TimeSpan.FromMinutes(long.Parse(e.Arg(ErrorArgs.Duration), CultureInfo.InvariantCulture));

    private static string Arg(IReadOnlyDictionary<string, string>? args, string key) =>
        args is not null && args.TryGetValue(key, out var value) ? value : "";

    /// <summary>"1 day", "2 hours", "30 minutes": how far ahead, in English.</summary>
    public static string EnglishAhead(TimeSpan t) =>
        t.TotalDays >= 1 && t.TotalDays == Math.Floor(t.TotalDays) ? $"{t.TotalDays:0} day{(t.TotalDays == 1 ? "" : "s")}"
        : t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? $"{t.TotalHours:0} hour{(t.TotalHours == 1 ? "" : "s")}"
        : $"{t.TotalMinutes:0} minutes";

    // "at least 2 hours ahead": the accusative, as the sentence needs it.
    private static string PolishAhead(TimeSpan t) =>
        t.TotalDays >= 1 && t.TotalDays == Math.Floor(t.TotalDays) ? Count((int)t.TotalDays, "dzień", "dni", "dni")
        : t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? Count((int)t.TotalHours, "godzinę", "godziny", "godzin")
        : Count((int)t.TotalMinutes, "minutę", "minuty", "minut");

    private static string Count(int n, string one, string few, string many) => $"{n} {PageText.Plural(n, one, few, many)}";
}
