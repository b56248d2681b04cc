using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Availability;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Web.Infrastructure;
using Bookings.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Api;

public static partial class BookingsApi
{
    public const int MaxAvailabilityDays = 62;
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapBookingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Booking");
        api.MapGet("/calendars/{slug}", GetCalendar).WithName("GetCalendar");
        api.MapGet("/calendars/{slug}/availability", GetAvailability).WithName("GetAvailability")
            .Produces<AvailabilityDto>(StatusCodes.Status200OK, "application/json");
        api.MapPost("/calendars/{slug}/appointments", Book).WithName("Book")
            .Accepts<BookingRequestDto>("application/json");
        api.MapGet("/manage/{token}", GetManaged).WithName("GetManagedBooking");
        api.MapPost("/manage/{token}/cancel", CancelManaged).WithName("CancelManagedBooking");
        api.MapPost("/manage/{token}/reschedule", RescheduleManaged).WithName("RescheduleManagedBooking");
        return app;
    }

    private static ProblemHttpResult CalendarNotFound(string slug) =>
        Problems.NotFound("calendar_not_found", $"There is no booking calendar '{Truncate(slug)}'.");

    internal static async Task<Results<Ok<CalendarDto>, ProblemHttpResult>> GetCalendar(string slug, HttpContext context, CalendarDirectory calendars, CancellationToken ct)
    {
        if (await calendars.FindPublishedAsync(slug, ct) is not { } mailbox) return CalendarNotFound(slug);
        if (!await Pages.Shared.CalendarPage.MayVisitAsync(context, mailbox.Document)) return SignInRequired();
        var doc = mailbox.Document;
        var services = doc.Services.Where(s => !s.IsHiddenFromCustomers).Select(s => new ServiceDto(
            s.Id, s.DisplayName, s.Description, IsoDurationConverter.Format(s.DefaultDuration),
            PriceDisplay.Format(s, doc.DefaultCurrencyIso), Math.Max(1, s.MaximumAttendeesCount),
            AvailabilityEngine.PolicyFor(doc, s).AllowStaffSelection,
            AvailabilityEngine.EligibleStaff(doc, s).Select(ToDto).ToList())).ToList();
        var staff = doc.StaffMembers.Where(s => s.IsBookable).Select(ToDto).ToList();
        return TypedResults.Ok(new CalendarDto(mailbox.Id, mailbox.Slug, doc.DisplayName, doc.BusinessTimeZone,
            doc.SchedulingPolicy.AllowStaffSelection, services, staff));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAvailability(
        string slug, string? serviceId, string? staffId, string? from, string? to, string? timeZone, HttpContext context,
        CalendarDirectory calendars, IAppointmentStore store, AvailabilityService availability, AvailabilityResponseCache cache,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time, CancellationToken ct)
    {
        if (await calendars.FindPublishedAsync(slug, ct) is not { } mailbox) return CalendarNotFound(slug);
        if (!await Pages.Shared.CalendarPage.MayVisitAsync(context, mailbox.Document)) return SignInRequired();
        var doc = mailbox.Document;
        if (string.IsNullOrWhiteSpace(serviceId))
            return Problems.BadRequest("missing_parameter", "serviceId is required.", "serviceId", "Required.");
        if (doc.FindService(serviceId) is not { IsHiddenFromCustomers: false } service)
            return Problems.NotFound("service_not_found", $"This calendar has no service '{Truncate(serviceId)}'.");
        var policy = AvailabilityEngine.PolicyFor(doc, service);
        staffId = string.IsNullOrWhiteSpace(staffId) ? null : staffId;
        if (staffId is not null)
        {
            if (!policy.AllowStaffSelection)
                return Problems.Of(BookingErrorKind.Rule, ErrorCodes.StaffSelectionDisabled, ErrorText.En.StaffSelectionDisabled.Title,
                    "Leave staffId out.", new Dictionary<string, string[]> { ["staffId"] = [ErrorText.En.StaffSelectionOff] });
            if (AvailabilityEngine.EligibleStaff(doc, service, staffId).Count == 0)
                return Problems.NotFound("staff_not_found", $"No bookable staff member '{Truncate(staffId)}' performs this service.");
        }

        TimeZoneInfo zone;
        if (doc.BookingPageSettings.IsTimeSlotTimeZoneSetToBusinessTimeZone || string.IsNullOrWhiteSpace(timeZone))
            zone = TimeZones.Resolve(doc.BusinessTimeZone);
        else if (!TimeZones.TryResolve(timeZone, out zone!))
            return Problems.BadRequest("invalid_time_zone", $"Unknown time zone '{Truncate(timeZone)}'.", "timeZone", "Use an IANA id such as Europe/Warsaw.");

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZones.InZone(now, zone).DateTime);
        if (!TryParseDate(from, today, "from", out var fromDate, out var problem)) return problem!;
        if (!TryParseDate(to, fromDate.AddDays(6), "to", out var toDate, out problem)) return problem!;
        if (toDate < fromDate)
            return Problems.BadRequest("invalid_range", "'to' is before 'from'.", "to", "Use a date on or after 'from'.");
        if (toDate.DayNumber - fromDate.DayNumber + 1 > MaxAvailabilityDays)
            return Problems.BadRequest("range_too_long", $"One request covers at most {MaxAvailabilityDays} days.", "to", $"Ask for at most {MaxAvailabilityDays} days at a time.");

        var windowStart = TimeZones.StartOfWallClock(zone, fromDate.ToDateTime(TimeOnly.MinValue));
        var windowEnd = TimeZones.StartOfWallClock(zone, toDate.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var latest = now + policy.MaximumAdvance;
        if (windowStart > latest)
            return Problems.BadRequest("beyond_maximum_advance", "This range lies beyond how far ahead the calendar takes bookings.", "from",
                $"Bookings can be made at most {ErrorText.EnglishAhead(policy.MaximumAdvance)} ahead, up to {TimeZones.FormatInstant(latest, zone)}.");

        // The answer depends on the document, the mailbox's bookings and time off (the change stamp),
        // the query, and "now" only through the two lead-time bounds, which move in whole minutes.
        var stamp = await store.GetChangeStampAsync(mailbox.Id, ct);
        var earliest = AvailabilityEngine.EarliestStartTicks(now, policy);
        var key = stamp is null ? null : string.Join('|', mailbox.Id, mailbox.Version, stamp, service.Id, staffId, fromDate.DayNumber, toDate.DayNumber, zone.Id,
            earliest, (now + policy.MaximumAdvance).UtcTicks / TimeSpan.TicksPerMinute);
        if (key is not null && cache.TryGet(key, out var cached)) return TypedResults.Bytes(cached, "application/json");

        var slots = await availability.GetSlotsAsync(mailbox, service, staffId, windowStart, windowEnd, policy.AllowStaffSelection, ct);
        var dto = slots.Select(s => new SlotDto(TimeZones.FormatInstant(s.Start, zone), TimeZones.FormatInstant(s.End, zone), s.SeatsLeft,
            policy.AllowStaffSelection ? s.StaffIds : null)).ToList();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new AvailabilityDto(zone.Id, fromDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            toDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), dto), json.Value.SerializerOptions);
        if (key is not null) cache.Set(key, bytes);
        return TypedResults.Bytes(bytes, "application/json");
    }

    internal static async Task<Results<Created<BookingCreatedDto>, Ok<BookingCreatedDto>, ProblemHttpResult>> Book(
        string slug, HttpRequest request, CalendarDirectory calendars, BookingHandler handler, Links links,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct)
    {
        if (await calendars.FindPublishedAsync(slug, ct) is not { } mailbox) return CalendarNotFound(slug);
        if (!await Pages.Shared.CalendarPage.MayVisitAsync(request.HttpContext, mailbox.Document)) return SignInRequired();

        BookingRequestDto? body;
        try
        {
            if (request.ContentLength > MaxBodyBytes)
                return Problems.Of(BookingErrorKind.Invalid, "body_too_large", $"The request body is larger than {MaxBodyBytes / 1024} KB.");
            if (!(request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
                return Problems.Of(BookingErrorKind.Invalid, "unsupported_media_type", "Send the booking as application/json.");
            body = await JsonSerializer.DeserializeAsync<BookingRequestDto>(request.Body, ApiJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Problems.Of(BookingErrorKind.Invalid, "invalid_json", "The request body is not valid JSON for a booking.",
                errors: new Dictionary<string, string[]> { [e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : "body"] = [JsonErrorMessage(e)] });
        }
        if (body is null) return Problems.Of(BookingErrorKind.Invalid, "invalid_json", "The request body is empty.");
        if (!TryParseInstant(body.Start, out var start, out var startProblem)) return startProblem!;

        var bookingRequest = new BookingRequest
        {
            ServiceId = body.ServiceId,
            StaffId = body.StaffId,
            Start = start,
            Customer = body.Customer,
            Answers = body.Answers,
            Consent = body.Consent,
            SmsOptIn = body.SmsOptIn,
            Language = body.Language,
        };
        // A refusal (BookingException) goes to BookingExceptionHandler: ProblemDetails.
        var result = await handler.BookAsync(mailbox, bookingRequest, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
            token => links.ManageUrl(request, token), ct);
        var zone = TimeZones.TryResolve(result.Attendee.TimeZone, out var z) ? z : TimeZones.Resolve(mailbox.Document.BusinessTimeZone);
        var dto = new BookingCreatedDto(result.Appointment.Id, TimeZones.FormatInstant(result.Appointment.Start, zone),
            TimeZones.FormatInstant(result.Appointment.End, zone), result.Appointment.StaffId, links.ManageUrl(request, result.ManageToken));
        return TypedResults.Created(dto.ManageUrl, dto);
    }

    internal static async Task<Results<Ok<ManageDto>, ProblemHttpResult>> GetManaged(string token, ManageHandler handler, TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        if (await handler.FindAsync(token, ct) is not { } b) return Problems.From(ManageHandler.NotFound);
        var doc = b.Mailbox.Document;
        var zone = TimeZones.TryResolve(b.Attendee.TimeZone, out var z) ? z : TimeZones.Resolve(doc.BusinessTimeZone);
        var service = doc.FindService(b.Appointment.ServiceId);
        var staff = doc.FindStaff(b.Appointment.StaffId);
        var policy = service is null ? doc.SchedulingPolicy : AvailabilityEngine.PolicyFor(doc, service);
        var mayManage = ManageHandler.CustomerMayManage(b);
        var canCancel = mayManage && b.Appointment.Start >= time.GetUtcNow() + policy.MinimumLeadTime;
        return TypedResults.Ok(new ManageDto(
            b.Appointment.Id, "booked", TimeZones.FormatInstant(b.Appointment.Start, zone), TimeZones.FormatInstant(b.Appointment.End, zone), zone.Id,
            new StaffDto(b.Appointment.ServiceId, service?.DisplayName ?? b.Appointment.ServiceId),
            new StaffDto(b.Appointment.StaffId, staff?.DisplayName ?? b.Appointment.StaffId),
            new CalendarRefDto(b.Mailbox.Slug, doc.DisplayName, Blank(doc.Phone), Blank(doc.Email)),
            new CustomerDto(b.Attendee.Name, b.Attendee.Email, b.Attendee.Phone),
            IsCustomerAllowedToManageBooking: mayManage,
            CanCancel: canCancel,
            CanReschedule: canCancel && b.Appointment.Seats == 1,
            JoinUrl: NotificationComposer.MeetingLink(service, b.Appointment)));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> CancelManaged(string token, ManageHandler handler, HttpResponse response, CancellationToken ct)
    {
        response.Headers["Referrer-Policy"] = "no-referrer";
        await handler.CancelAsync(token, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<ManageDto>, ProblemHttpResult>> RescheduleManaged(string token, HttpRequest request, ManageHandler handler,
        Links links, TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        RescheduleRequestDto? body;
        try
        {
            if (request.ContentLength > MaxBodyBytes)
                return Problems.Of(BookingErrorKind.Invalid, "body_too_large", $"The request body is larger than {MaxBodyBytes / 1024} KB.");
            if (!(request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
                return Problems.Of(BookingErrorKind.Invalid, "unsupported_media_type", "Send the new time as application/json.");
            body = await JsonSerializer.DeserializeAsync<RescheduleRequestDto>(request.Body, ApiJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Problems.Of(BookingErrorKind.Invalid, "invalid_json", "The request body is not valid JSON.",
                errors: new Dictionary<string, string[]> { ["body"] = [JsonErrorMessage(e)] });
        }
        if (!TryParseInstant(body?.Start, out var start, out var startProblem)) return startProblem!;
        await handler.RescheduleAsync(token, start, t => links.ManageUrl(request, t), ct);
        return await GetManaged(token, handler, time, response, ct) switch
        {
            { Result: Ok<ManageDto> ok } => ok,
            { Result: ProblemHttpResult problem } => problem,
            _ => Problems.From(ManageHandler.NotFound),
        };
    }

    // accessControl=restrictedToOrganization: only signed-in members (the admin app's sign-in cookie) may see and book it.
    private static ProblemHttpResult SignInRequired() =>
        TypedResults.Problem(title: "This calendar is only for members of its organisation.", detail: "Sign in at /admin/signin first.",
            statusCode: StatusCodes.Status401Unauthorized,
            extensions: new Dictionary<string, object?> { ["code"] = "sign_in_required" });

    private static bool TryParseDate(string? value, DateOnly fallback, string field, out DateOnly date, out ProblemHttpResult? problem)
    {
        problem = null;
        date = fallback;
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            problem = Problems.BadRequest("invalid_date", $"'{field}' is not a date such as 2026-12-01.", field, "Use YYYY-MM-DD.");
            return false;
        }
        if (date.Year is < 2000 or > 2200)
        {
            problem = Problems.BadRequest("date_out_of_range", $"'{field}' is outside the dates this calendar can take bookings for.", field, "Use a date between 2000-01-01 and 2200-12-31.");
            return false;
        }
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})\z", RegexOptions.IgnoreCase)]
    private static partial Regex InstantPattern();

    [GeneratedRegex(@"[+-](\d{2}):(\d{2})\z")]
    private static partial Regex Offset();

    private static bool TryParseInstant(string? value, out DateTimeOffset instant, out ProblemHttpResult? problem)
    {
        instant = default;
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = Problems.BadRequest("missing_field", "start is required.", "start", "Required: an instant with an offset, such as 2026-12-01T09:00:00+01:00.");
            return false;
        }
        var written = InstantPattern().IsMatch(value);
        if (written && BookingStart.Nonexistent(value) is { } nonexistent)
        {
            problem = Problems.From(nonexistent);
            return false;
        }
        if (written && Offset().Match(value) is { Success: true } offset
            && (int.Parse(offset.Groups[1].Value, CultureInfo.InvariantCulture) > 14 || int.Parse(offset.Groups[2].Value, CultureInfo.InvariantCulture) > 59))
        {
            problem = Problems.BadRequest("invalid_instant", $"The offset {offset.Value} is not a UTC offset.", "start", "Offsets run from -14:00 to +14:00.");
            return false;
        }
        if (written && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant) && instant.Year is < 2000 or > 2200)
        {
            problem = Problems.BadRequest("date_out_of_range", "start is outside the dates this calendar can take bookings for.", "start",
                "Use a date between 2000-01-01 and 2200-12-31.");
            return false;
        }
        if (!written || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
        {
            problem = Problems.BadRequest("invalid_instant", "start must be an instant with an offset, such as 2026-12-01T09:00:00+01:00.", "start",
                "Use RFC 3339 with seconds and an offset (Z or ±hh:mm).");
            return false;
        }
        return true;
    }

    private static StaffDto ToDto(BookingStaffMember s) => new(s.Id, s.DisplayName);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";

    private static string JsonErrorMessage(JsonException e)
    {
        var m = e.Message;
        var i = m.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? m[..i] : "Malformed JSON.";
    }
}

/// <summary>The booking body as sent; start stays text so that an instant without an offset can be refused.</summary>
public sealed class BookingRequestDto
{
    public string? ServiceId { get; set; }
    public string? StaffId { get; set; }
    public string? Start { get; set; }
    public CustomerDetails? Customer { get; set; }
    public Dictionary<string, string?>? Answers { get; set; }
    public bool? Consent { get; set; }
    public bool? SmsOptIn { get; set; }

    /// <summary>The customer's language for their messages: en or pl (pl-PL accepted); leave out for the calendar's.</summary>
    public string? Language { get; set; }
}

/// <summary>Where a managed booking moves: a start the availability answer offered, with its offset.</summary>
public sealed class RescheduleRequestDto
{
    public string? Start { get; set; }
}

internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };
}
