using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bookings.Core.Availability;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Core.Time;

namespace Bookings.Core.Booking;

public sealed record BookingSuccess(Appointment Appointment, Attendee Attendee, string ManageToken, bool Replayed);

/// <summary>Protects a manage token for the idempotency record (the host uses ASP.NET Core Data Protection).</summary>
public interface ITokenProtector
{
    string Protect(string token);
    string? Unprotect(string protectedToken);
}

/// <summary>
/// The booking write path: validates the request, re-checks the slot with the same availability
/// function that offered it, assigns staff fairly, books atomically and enqueues notifications.
/// </summary>
public sealed class BookingHandler(
    IAppointmentStore store,
    AvailabilityService availability,
    INotificationComposer composer,
    ITokenProtector protector,
    IManageLinkProtector links,
    TimeProvider time,
    IOutboxSignal? outboxSignal = null)
{
    public static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromHours(24);
    public const int MaxNameLength = 200;
    public const int MaxNotesLength = 4000;
    public const int MaxAnswerLength = 2000;

    public async Task<BookingSuccess> BookAsync(Mailbox mailbox, BookingRequest request, string? idempotencyKey,
        Func<string, string> manageUrl, CancellationToken ct = default)
    {
        var doc = mailbox.Document;
        var fingerprint = idempotencyKey is null ? null : Fingerprint(request);
        if (idempotencyKey is not null && await SeenAsync(mailbox, idempotencyKey, ct) is { } seen)
            return await ReplayAsync(mailbox, seen, fingerprint!, ct);

        var (service, staffId, start, answers) = Validate(doc, request);
        var now = time.GetUtcNow();
        CheckLeadTimes(AvailabilityEngine.PolicyFor(doc, service), start, now);
        var (staffIds, appointments) = await OfferedStaffAsync(doc, mailbox.Id, service, staffId, start, ct);
        var businessZone = TimeZones.Resolve(doc.BusinessTimeZone);
        var candidates = Candidates(service, staffIds, appointments, start, businessZone);

        var token = ManageTokens.Create();
        var attendee = NewAttendee(doc, request, answers, token, now);
        var customer = new Customer(attendee.CustomerId, mailbox.Id, attendee.Name, attendee.Email, attendee.Phone);
        var appointmentId = "apt-" + ManageTokens.NewId();
        // The messages hold a sealed placeholder, never the link: it is opened as they leave.
        var link = ManageLinks.Placeholder(links, manageUrl(token), NotificationComposer.Language(attendee.Language, doc));
        var idempotency = idempotencyKey is null ? null
            : new IdempotencyRecord(idempotencyKey, fingerprint!, "", attendee.Id, protector.Protect(token), now + IdempotencyLifetime);

        string lastConflict = service.IsGroup ? ConflictCodes.SeatsFull : ConflictCodes.SlotTaken;
        foreach (var candidate in candidates)
        {
            var command = new BookingCommand(
                mailbox.Id, service.Id, candidate, start, start + service.DefaultDuration, service.PreBuffer, service.PostBuffer,
                Math.Max(1, service.MaximumAttendeesCount), appointmentId, attendee, customer,
                Caps(doc.FindStaff(candidate)!, start, businessZone), idempotency);
            switch (await store.BookAsync(command, (apt, att) => composer.Booked(mailbox, apt, att, link, now), ct))
            {
                case BookOutcome.Booked b:
                    outboxSignal?.Notify();
                    return new BookingSuccess(b.Appointment, b.Attendee, token, Replayed: false);
                case BookOutcome.Replay r:
                    return await ReplayAsync(mailbox, r.Record, fingerprint!, ct);
                case BookOutcome.Conflict c:
                    lastConflict = c.Code;
                    continue;
            }
        }
        throw new BookingException(ConflictError(lastConflict));
    }

    /// <summary>The idempotency record of a key that has not expired; refuses a malformed key.</summary>
    private async Task<IdempotencyRecord?> SeenAsync(Mailbox mailbox, string idempotencyKey, CancellationToken ct)
    {
        if (idempotencyKey.Length is 0 or > 200)
            throw new BookingException(BookingError.Invalid(ErrorCodes.InvalidIdempotencyKey));
        var seen = await store.GetIdempotencyRecordAsync(mailbox.Id, idempotencyKey, ct);
        return seen is not null && seen.ExpiresAt > time.GetUtcNow() ? seen : null;
    }

    private static void CheckLeadTimes(BookingSchedulingPolicy policy, DateTimeOffset start, DateTimeOffset now)
    {
        if (BookingStart.TooSoon(start, now, policy.MinimumLeadTime) is { } tooSoon) throw new BookingException(tooSoon);
        if (start > now + policy.MaximumAdvance) throw new BookingException(BeyondMaximumAdvance(policy.MaximumAdvance));
    }

    /// <summary>The refusal of a start beyond the maximum advance (booking and moving).</summary>
    public static BookingError BeyondMaximumAdvance(TimeSpan maximumAdvance) =>
        BookingError.Rule(ErrorCodes.BeyondMaximumAdvance, args: ErrorArgs.Of((ErrorArgs.Duration, ErrorArgs.Minutes(maximumAdvance))));

    /// <summary>
    /// The staff free at <paramref name="start"/>, and the appointments read to decide it: the same function and inputs that
    /// offered the slot decide whether it can still be booked. Refuses with the reason when nobody is free.
    /// </summary>
    private async Task<(string[] StaffIds, IReadOnlyList<BusyAppointment> Appointments)> OfferedStaffAsync(CalendarDocument doc, string mailboxId,
        BookingService service, string? staffId, DateTimeOffset start, CancellationToken ct)
    {
        var window = (From: start, To: start.AddMinutes(1));
        var inputs = await availability.LoadAsync(mailboxId, window.From, window.To, ct);
        var slot = availability.Compute(doc, service, staffId, window.From, window.To, includeStaffIds: true, inputs)
            .FirstOrDefault(s => s.Start == start);
        if (slot.StaffIds is { } staffIds) return (staffIds, inputs.Appointments);

        var onGrid = availability.Compute(doc, service, staffId, window.From, window.To, includeStaffIds: false, new AvailabilityInputs([], []))
            .Any(s => s.Start == start);
        if (!onGrid)
            throw new BookingException(BookingError.Rule(ErrorCodes.NotOnGrid));
        if (WouldBeFreeWithoutCaps(doc, service, staffId, window, inputs))
            throw new BookingException(BookingError.Conflict(ErrorCodes.StaffCapReached));
        throw new BookingException(BookingError.Conflict(service.IsGroup ? ErrorCodes.SeatsFull : ErrorCodes.SlotTaken));
    }

    /// <summary>The free staff in the order they are tried: fairly, and for a group service those whose class already runs first.</summary>
    private static List<string> Candidates(BookingService service, string[] staffIds, IReadOnlyList<BusyAppointment> appointments,
        DateTimeOffset start, TimeZoneInfo businessZone)
    {
        var candidates = Fairness.Order(staffIds, appointments, start, businessZone).ToList();
        if (!service.IsGroup) return candidates;
        // Fill a class that already runs at this time before opening another one.
        var running = appointments.Where(a => a.ServiceId == service.Id && a.Start == start && a.SeatsLeft > 0).Select(a => a.StaffId).ToHashSet();
        return [.. candidates.Where(running.Contains), .. candidates.Where(c => !running.Contains(c))];
    }

    private static Attendee NewAttendee(CalendarDocument doc, BookingRequest request, Dictionary<string, string> answers, string token, DateTimeOffset now) =>
        new(
            Id: "a-" + ManageTokens.NewId(),
            CustomerId: "c-" + ManageTokens.NewId(),
            Name: request.Customer!.Name!.Trim(),
            Email: Blank(request.Customer.Email),
            Phone: Blank(request.Customer.Phone),
            TimeZone: TimeZones.ToIana(Blank(request.Customer.TimeZone)),
            Notes: Blank(request.Customer.Notes),
            Answers: answers,
            ConsentAt: request.Consent == true ? now : null,
            SmsOptIn: request.SmsOptIn == true,
            ManageTokenHash: ManageTokens.Hash(token),
            Status: AttendeeStatus.Booked,
            CreatedAt: now,
            Language: Blank(request.Language) is { } language ? NotificationComposer.Language(language, doc) : null);

    /// <summary>The refusal when every candidate's booking met a conflict: the last one's.</summary>
    private static BookingError ConflictError(string lastConflict) => lastConflict switch
    {
        ConflictCodes.SeatsFull => BookingError.Conflict(ErrorCodes.SeatsFull),
        ConflictCodes.StaffCapReached => BookingError.Conflict(ErrorCodes.StaffCapReached, ErrorVariants.JustTaken),
        _ => BookingError.Conflict(ErrorCodes.SlotTaken),
    };

    // Only on the refusal path: was it a per-staff cap, rather than the time itself, that took the slot away?
    private bool WouldBeFreeWithoutCaps(CalendarDocument doc, BookingService service, string? staffId, (DateTimeOffset From, DateTimeOffset To) window, AvailabilityInputs inputs)
    {
        if (!doc.StaffMembers.Any(s => s.MaxBookingsPerDay is not null || s.MaxBookingsPerWeek is not null)) return false;
        var uncapped = CalendarJson.Clone(doc);
        foreach (var s in uncapped.StaffMembers) (s.MaxBookingsPerDay, s.MaxBookingsPerWeek) = (null, null);
        return availability.Compute(uncapped, uncapped.FindService(service.Id)!, staffId, window.From, window.To, includeStaffIds: false, inputs)
            .Any(s => s.Start == window.From);
    }

    private async Task<BookingSuccess> ReplayAsync(Mailbox mailbox, IdempotencyRecord record, string fingerprint, CancellationToken ct)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(record.RequestFingerprint), Encoding.ASCII.GetBytes(fingerprint)))
            throw new BookingException(BookingError.Rule(ErrorCodes.IdempotencyKeyReused));
        var appointment = await store.GetAppointmentAsync(mailbox.Id, record.AppointmentId, ct);
        var attendee = appointment?.Attendees.FirstOrDefault(a => a.Id == record.AttendeeId);
        var token = protector.Unprotect(record.ProtectedToken);
        if (appointment is null || attendee is null || token is null)
            throw new BookingException(BookingError.Conflict(ErrorCodes.IdempotencyReplayUnavailable));
        // Its manage link died with it: say what is true now rather than answer the first 201 again.
        if (attendee.Status != AttendeeStatus.Booked || appointment.Status != AppointmentStatus.Booked)
            throw new BookingException(BookingError.Conflict(ErrorCodes.BookingCancelled));
        return new BookingSuccess(appointment, attendee, token, Replayed: true);
    }

    public static IReadOnlyList<CapWindow> Caps(BookingStaffMember staff, DateTimeOffset start, TimeZoneInfo businessZone)
    {
        if (staff.MaxBookingsPerDay is null && staff.MaxBookingsPerWeek is null) return [];
        var zone = staff.TimeZone is not null && TimeZones.TryResolve(staff.TimeZone, out var z) ? z : businessZone;
        var date = DateOnly.FromDateTime(TimeZones.InZone(start, zone).DateTime);
        var caps = new List<CapWindow>();
        if (staff.MaxBookingsPerDay is int d)
            caps.Add(new CapWindow(TimeZones.StartOfWallClock(zone, date.ToDateTime(TimeOnly.MinValue)),
                TimeZones.StartOfWallClock(zone, date.AddDays(1).ToDateTime(TimeOnly.MinValue)), d, ConflictCodes.StaffCapReached));
        if (staff.MaxBookingsPerWeek is int w)
        {
            var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
            caps.Add(new CapWindow(TimeZones.StartOfWallClock(zone, monday.ToDateTime(TimeOnly.MinValue)),
                TimeZones.StartOfWallClock(zone, monday.AddDays(7).ToDateTime(TimeOnly.MinValue)), w, ConflictCodes.StaffCapReached));
        }
        return caps;
    }

    private static (BookingService Service, string? StaffId, DateTimeOffset Start, Dictionary<string, string> Answers) Validate(CalendarDocument doc, BookingRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ServiceId)) throw new BookingException(MissingField("serviceId", FieldCodes.Required));
        var service = doc.FindService(request.ServiceId);
        if (service is null || service.IsHiddenFromCustomers)
            throw new BookingException(BookingError.NotFound(ErrorCodes.ServiceNotFound, args: ErrorArgs.Of((ErrorArgs.Value, request.ServiceId))));
        if (request.Start is not DateTimeOffset start) throw new BookingException(MissingField("start", FieldCodes.RequiredInstant));
        if (request.Customer is null) throw new BookingException(MissingField("customer", FieldCodes.Required));

        var policy = AvailabilityEngine.PolicyFor(doc, service);
        string? staffId = Blank(request.StaffId);
        if (staffId is not null)
        {
            if (!policy.AllowStaffSelection)
                throw new BookingException(StaffSelectionDisabled);
            if (!AvailabilityEngine.EligibleStaff(doc, service, staffId).Any())
                throw new BookingException(BookingError.NotFound(ErrorCodes.StaffNotFound, args: ErrorArgs.Of((ErrorArgs.Value, staffId))));
        }

        var c = request.Customer;
        var tz = Blank(c.TimeZone);
        if (ControlCharacters.In(c.TimeZone))
            throw new BookingException(BookingError.Invalid(ErrorCodes.InvalidTimeZone, ErrorVariants.ControlCharacter,
                errors: BookingError.Field("customer.timeZone", FieldCodes.ControlCharacter)));
        if (tz is not null && !TimeZones.TryResolve(tz, out _))
            throw new BookingException(BookingError.Invalid(ErrorCodes.InvalidTimeZone, ErrorVariants.Unknown, ErrorArgs.Of((ErrorArgs.Value, tz)),
                BookingError.Field("customer.timeZone", FieldCodes.IanaTimeZone)));

        var errors = CustomerErrors(c, service);
        var answers = Answers(doc, service, request.Answers, errors);
        if (doc.BookingPageSettings.IsCustomerConsentEnabled && request.Consent != true)
            errors["consent"] = new(FieldCodes.ConsentRequired);

        if (errors.Count > 0)
        {
            var code = errors.ContainsKey("consent") && errors.Count == 1 ? ErrorCodes.ConsentRequired
                : errors.Keys.Any(k => k.StartsWith("answers.", StringComparison.Ordinal)) && errors.Keys.All(k => k.StartsWith("answers.", StringComparison.Ordinal)) ? ErrorCodes.AnswerRequired
                : ErrorCodes.ValidationFailed;
            throw new BookingException(BookingError.Rule(code, errors: errors));
        }
        return (service, staffId, start.ToUniversalTime(), answers);
    }

    private static readonly BookingError StaffSelectionDisabled = BookingError.Rule(ErrorCodes.StaffSelectionDisabled,
        errors: BookingError.Field("staffId", FieldCodes.StaffSelectionOff));

    private static BookingError MissingField(string field, string fieldCode) =>
        BookingError.Invalid(ErrorCodes.MissingField, args: ErrorArgs.Of((ErrorArgs.Field, field)), errors: BookingError.Field(field, fieldCode));

    private static FieldError TooLong(int max) => new(FieldCodes.TooLong, ErrorArgs.Of((ErrorArgs.Max, ErrorArgs.Count(max))));

    // What is wrong with the customer's name, email, phone and notes, by field.
    private static Dictionary<string, FieldError> CustomerErrors(CustomerDetails c, BookingService service)
    {
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);

        if (string.IsNullOrWhiteSpace(c.Name)) errors["customer.name"] = new(FieldCodes.NameRequired);
        else if (c.Name.Length > MaxNameLength) errors["customer.name"] = TooLong(MaxNameLength);
        else if (c.Name.Any(char.IsControl)) errors["customer.name"] = new(FieldCodes.NameControlCharacters);
        var email = Blank(c.Email);
        if (ControlCharacters.In(c.Email)) errors["customer.email"] = new(FieldCodes.ControlCharacter);
        else if (email is null && service.CustomerEmailRequired) errors["customer.email"] = new(FieldCodes.EmailRequired);
        else if (email is not null && !EmailAddress.IsValid(email)) errors["customer.email"] = new(FieldCodes.EmailInvalid);
        var phone = Blank(c.Phone);
        if (ControlCharacters.In(c.Phone)) errors["customer.phone"] = new(FieldCodes.ControlCharacter);
        else if (phone is not null && !PhoneNumber.IsValid(phone)) errors["customer.phone"] = new(FieldCodes.PhoneInvalid);
        if (c.Notes is { Length: > MaxNotesLength }) errors["customer.notes"] = TooLong(MaxNotesLength);
        return errors;
    }

    // The answers to keep; what is wrong with them goes into errors.
    private static Dictionary<string, string> Answers(CalendarDocument doc, BookingService service, Dictionary<string, string?>? given,
        Dictionary<string, FieldError> errors)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var assigned = service.CustomQuestions.ToDictionary(q => q.QuestionId, StringComparer.Ordinal);
        foreach (var (qid, raw) in given ?? [])
        {
            if (!assigned.ContainsKey(qid)) { errors[$"answers.{qid}"] = new(FieldCodes.NoSuchQuestion); continue; }
            var value = Blank(raw);
            if (value is null) continue;
            if (value.Length > MaxAnswerLength) { errors[$"answers.{qid}"] = TooLong(MaxAnswerLength); continue; }
            var question = doc.CustomQuestions.First(q => q.Id == qid);
            if (question.AnswerInputType == AnswerInputType.RadioButton && !question.AnswerOptions.Contains(value))
            {
                errors[$"answers.{qid}"] = new(FieldCodes.ChooseOfferedAnswer);
                continue;
            }
            answers[qid] = value;
        }
        foreach (var q in service.CustomQuestions)
            if (q.IsRequired && !answers.ContainsKey(q.QuestionId) && !errors.ContainsKey($"answers.{q.QuestionId}"))
                errors[$"answers.{q.QuestionId}"] = new(FieldCodes.AnswerRequired);
        return answers;
    }

    internal static string Fingerprint(BookingRequest request)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new
        {
            request.ServiceId,
            request.StaffId,
            Start = request.Start?.UtcTicks,
            request.Customer?.Name,
            request.Customer?.Email,
            request.Customer?.Phone,
            request.Customer?.TimeZone,
            request.Customer?.Notes,
            Answers = request.Answers?.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray(),
            request.Consent,
            request.SmsOptIn,
        });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
