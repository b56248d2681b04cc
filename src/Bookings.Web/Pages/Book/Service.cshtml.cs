using System.Globalization;
using Bookings.Core.Availability;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Core.Time;
using Bookings.Web.Infrastructure;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Book;

/// <summary>
/// One service: staff → day → time → details, each step a plain link or form so that the page works
/// without JavaScript. The state travels in the query string (staff, month, date, start, tz); the
/// POST books through <see cref="BookingHandler"/> and sends the customer on to the manage page.
/// </summary>
public sealed class ServiceModel(CalendarDirectory calendars, AvailabilityService availability, BookingHandler handler, Links links, TimeProvider time)
    : PageModel
{
    private const int NearestSlotCount = 6;
    // ISO 8601 basic format in UTC (20261201T0900Z): nothing in it needs escaping in a URL.
    private const string StartFormat = "yyyyMMdd'T'HHmm'Z'";

    [BindProperty(SupportsGet = true, Name = "staff")]
    public string? StaffParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "month")]
    public string? MonthParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? DateParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "start")]
    public string? StartParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "tz")]
    public string? TimeZoneParam { get; set; }

    public Mailbox Mailbox { get; private set; } = null!;
    public CalendarDocument Calendar => Mailbox.Document;
    public BookingService Service { get; private set; } = null!;
    public CultureInfo Culture { get; private set; } = CultureInfo.InvariantCulture;
    public PageText Text { get; private set; } = PageText.En;

    /// <summary>The lang the URL asked for, carried in every link and form of the flow.</summary>
    public string? LangParam => PageLanguage.Param(HttpContext);
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public bool ZoneIsChoosable { get; private set; }

    /// <summary>Staff the customer may pick from; empty when the service assigns staff itself.</summary>
    public IReadOnlyList<BookingStaffMember> StaffChoices { get; private set; } = [];
    public BookingStaffMember? Staff { get; private set; }

    /// <summary>Who the customer will see: the chosen staff member, the only one who performs the service, or anyone.</summary>
    public string StaffName { get; private set; } = "";

    public DateOnly Month { get; private set; }
    public DateOnly? PreviousMonth { get; private set; }
    public DateOnly? NextMonth { get; private set; }
    public IReadOnlyDictionary<DateOnly, List<Slot>> FreeDays { get; private set; } = new Dictionary<DateOnly, List<Slot>>();
    public DateOnly? Date { get; private set; }
    public IReadOnlyList<Slot> DaySlots => Date is { } d && FreeDays.TryGetValue(d, out var slots) ? slots : [];

    /// <summary>The start the details form books; set once a start is chosen and offered, or on a POST.</summary>
    public DateTimeOffset? FormStart { get; private set; }

    /// <summary>A start was asked for that is no longer (or never was) offered.</summary>
    public bool StartGone { get; private set; }

    public IReadOnlyList<Question> Questions { get; private set; } = [];
    public DetailsForm Input { get; private set; } = new();
    public ShownError? Problem { get; private set; }
    public IReadOnlyList<Slot> Alternatives { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string serviceId, CancellationToken ct)
    {
        if (!await LoadAsync(slug, serviceId, withFreeDays: true, ct))
            return Restricted is { } r ? this.SignInRequiredPage(r) : this.NotFoundPage(t => t.NoSuchService);
        if (ParseStart(StartParam) is { } start)
        {
            if (DaySlots.Any(s => s.Start == start)) FormStart = start;
            else StartGone = true;
        }
        if (ZoneIsChoosable && !Request.Query.ContainsKey("tz"))
        {
            // Optional: the script reloads with the browser's zone; without it the business's stays.
            ViewData["TzAuto"] = Zone.Id;
            ViewData["TzReload"] = true;
        }
        Input.Key = NewKey();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string serviceId, DetailsForm details, CancellationToken ct)
    {
        if (!await LoadAsync(slug, serviceId, withFreeDays: false, ct))
            return Restricted is { } r ? this.SignInRequiredPage(r) : this.NotFoundPage(t => t.NoSuchService);
        // A preview shows the page of an unpublished calendar; it takes no booking until the calendar is published.
        if (Preview) return this.NotFoundPage(t => t.PreviewTakesNoBookings);
        if (ParseStart(StartParam) is not { } start)
        {
            if (BookingStart.Nonexistent(StartParam) is not { } nonexistent) return SeeOther(Link(StaffParam, date: Date, anchor: "times"));
            // A start on a day (or at a time) that does not exist: say so above the month's free days.
            await LoadAsync(slug, serviceId, withFreeDays: true, ct);
            Problem = this.Show(nonexistent, Text);
            return Page();
        }

        Input = details;
        var request = new BookingRequest
        {
            ServiceId = Service.Id,
            StaffId = Staff?.Id,
            Start = start,
            Customer = new CustomerDetails
            {
                Name = details.Name,
                Email = details.Email,
                Phone = details.Phone,
                Notes = details.Notes,
                TimeZone = Zone.Id,
            },
            Answers = details.Answers,
            Consent = Calendar.BookingPageSettings.IsCustomerConsentEnabled ? details.Consent : null,
            SmsOptIn = Service.SmsNotificationsEnabled && details.SmsOptIn,
            Language = Text.Code,
        };
        try
        {
            // The form's key makes a double submit (or a resubmit after Back) land on the same booking.
            var key = details.Key is { Length: > 0 and <= 64 } k ? "page-" + k : null;
            var booked = await handler.BookAsync(Mailbox, request, key, token => links.ManageUrl(Request, token), ct);
            return SeeOther(Url.Page("/Manage/Index", new { token = booked.ManageToken, booked = 1, lang = LangParam })!);
        }
        catch (BookingException e) when (e.IsNotFound())
        {
            return this.NotFoundPage(t => t.NoSuchService);
        }
        catch (BookingException e)
        {
            // Back, change something, submit again: the earlier booking stands, and the fresh key below lets this form book anew.
            var shown = this.Show(e.Error, Text);
            Problem = e.Error.Code == ErrorCodes.IdempotencyKeyReused ? shown with { Title = Text.FormAlreadySent, Detail = Text.FormAlreadySentDetail } : shown;
            FormStart = start;
            Input.Key = NewKey();
            // A time that cannot be booked is offered the nearest ones instead, inside the same form so nothing typed is lost.
            if (e.Error.Errors is null or { Count: 0 } && e.Error.Code != ErrorCodes.IdempotencyKeyReused)
                Alternatives = await NearestSlotsAsync(start, ct);
            return Page();
        }
    }

    /// <summary>Set when the calendar is restricted to its organisation and the visitor is not signed in: the page answers 401.</summary>
    private CalendarDocument? Restricted { get; set; }

    /// <summary>An unpublished calendar shown to a signed-in user with a role in it (?preview=1): a banner, and no booking.</summary>
    public bool Preview { get; private set; }

    // The POST needs no day grid: the handler checks the slot itself.
    private async Task<bool> LoadAsync(string slug, string serviceId, bool withFreeDays, CancellationToken ct)
    {
        var (found, preview) = await CalendarPage.FindForPageAsync(HttpContext, calendars, slug, ct);
        if (found is not { } mailbox) return false;
        if (!await CalendarPage.MayVisitAsync(HttpContext, mailbox.Document))
        {
            Restricted = mailbox.Document;
            return false;
        }
        if (mailbox.Document.FindService(serviceId) is not { IsHiddenFromCustomers: false } service) return false;
        Mailbox = mailbox;
        Service = service;
        Preview = preview;
        Text = CalendarPage.Present(this, mailbox);
        if (preview)
        {
            CalendarPage.MarkPreview(this);
            ViewData["BrandUrl"] = Url.Page("/Book/Index", new { slug = mailbox.Slug, preview = "1", lang = LangParam });
        }
        Culture = CalendarPage.Culture(Calendar, Text);
        Questions = Question.For(Calendar, service);

        var policy = AvailabilityEngine.PolicyFor(Calendar, service);
        var eligible = AvailabilityEngine.EligibleStaff(Calendar, service);
        StaffChoices = policy.AllowStaffSelection && eligible.Count > 1 ? eligible : [];
        Staff = policy.AllowStaffSelection ? eligible.FirstOrDefault(s => s.Id == StaffParam) : null;
        StaffParam = Staff?.Id;
        StaffName = Staff?.DisplayName ?? (eligible.Count == 1 ? eligible[0].DisplayName : Text.AnyoneAvailable);

        ZoneIsChoosable = !Calendar.BookingPageSettings.IsTimeSlotTimeZoneSetToBusinessTimeZone;
        var chosen = ZoneIsChoosable && TimeZones.TryResolve(TimeZoneParam, out var z) ? z : null;
        Zone = chosen ?? TimeZones.Resolve(Calendar.BusinessTimeZone);
        TimeZoneParam = chosen?.Id;

        var now = time.GetUtcNow();
        var firstMonth = FirstOfMonth(CalendarPage.LocalDate(now, Zone));
        var lastMonth = FirstOfMonth(CalendarPage.LocalDate(now + policy.MaximumAdvance, Zone));
        Date = ParseStart(StartParam) is { } start ? CalendarPage.LocalDate(start, Zone) : ParseDate(DateParam);
        var month = ParseMonth(MonthParam) ?? FirstOfMonth(Date ?? CalendarPage.LocalDate(now, Zone));
        Month = month < firstMonth ? firstMonth : month > lastMonth ? lastMonth : month;
        if (Date is { } d && FirstOfMonth(d) != Month) Date = null;
        if (!withFreeDays) return true;

        FreeDays = await FreeDaysAsync(Month, now, ct);
        if (FreeDays.Count == 0 && MonthParam is null && Date is null && Month < lastMonth)
        {
            // Late in a month with nothing left, open on the next one rather than on an empty grid.
            Month = Month.AddMonths(1);
            FreeDays = await FreeDaysAsync(Month, now, ct);
        }
        PreviousMonth = Month > firstMonth ? Month.AddMonths(-1) : null;
        NextMonth = Month < lastMonth ? Month.AddMonths(1) : null;
        return true;
    }

    private async Task<Dictionary<DateOnly, List<Slot>>> FreeDaysAsync(DateOnly month, DateTimeOffset now, CancellationToken ct)
    {
        var from = TimeZones.StartOfWallClock(Zone, month.ToDateTime(TimeOnly.MinValue));
        var to = TimeZones.StartOfWallClock(Zone, month.AddMonths(1).ToDateTime(TimeOnly.MinValue));
        if (from < now) from = now;
        var slots = await availability.GetSlotsAsync(Mailbox, Service, Staff?.Id, from, to, includeStaffIds: false, ct);
        return slots.GroupBy(s => CalendarPage.LocalDate(s.Start, Zone)).ToDictionary(g => g.Key, g => g.ToList());
    }

    private async Task<IReadOnlyList<Slot>> NearestSlotsAsync(DateTimeOffset start, CancellationToken ct)
    {
        var slots = await availability.GetSlotsAsync(Mailbox, Service, Staff?.Id, start.AddDays(-2), start.AddDays(7), includeStaffIds: false, ct);
        return slots.Where(s => s.Start != start).OrderBy(s => (s.Start - start).Duration()).Take(NearestSlotCount).OrderBy(s => s.Start).ToList();
    }

    /// <summary>The zone chooser is open (?choosetz=1): its list of 400-odd zones is sent only then, keeping the page light.</summary>
    [BindProperty(SupportsGet = true, Name = "choosetz")]
    public string? ChooseZoneParam { get; set; }

    public bool ChoosingZone => ChooseZoneParam == "1" && ZoneIsChoosable;

    /// <summary>This page with the zone chooser open.</summary>
    public string ChooseZoneLink =>
        Link(StaffParam, month: Date is null && FormStart is null ? Month : null, date: FormStart is null ? Date : null, start: FormStart, anchor: "tz", chooseZone: true);

    public string Link(string? staff, DateOnly? month = null, DateOnly? date = null, DateTimeOffset? start = null, string? anchor = null,
        bool chooseZone = false) =>
        Url.Page("/Book/Service", pageHandler: null, values: new
        {
            choosetz = chooseZone ? "1" : null,
            slug = Mailbox.Slug,
            serviceId = Service.Id,
            staff,
            month = month?.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            date = date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            start = start is { } s ? FormatStart(s) : null,
            tz = TimeZoneParam,
            lang = LangParam,
            preview = Preview ? "1" : null,
        }, protocol: null, host: null, fragment: anchor)!;

    public string HomeLink => Url.Page("/Book/Index", new { slug = Mailbox.Slug, tz = TimeZoneParam, lang = LangParam, preview = Preview ? "1" : null })!;

    public static string FormatStart(DateTimeOffset start) => start.UtcDateTime.ToString(StartFormat, CultureInfo.InvariantCulture);

    public string Time(DateTimeOffset instant) => CalendarPage.Time(instant, Zone, Culture);

    public string ShortDay(DateTimeOffset instant) => TimeZones.InZone(instant, Zone).ToString("ddd d MMM", Culture);

    /// <summary>The month as rows of seven days, first day of the week first, blanks outside the month.</summary>
    public IEnumerable<DateOnly?[]> Weeks()
    {
        var first = Culture.DateTimeFormat.FirstDayOfWeek;
        var lead = ((int)Month.DayOfWeek - (int)first + 7) % 7;
        var days = DateTime.DaysInMonth(Month.Year, Month.Month);
        for (var cell = -lead; cell < days; cell += 7)
        {
            var week = new DateOnly?[7];
            for (var i = 0; i < 7; i++)
                week[i] = cell + i >= 0 && cell + i < days ? Month.AddDays(cell + i) : null;
            yield return week;
        }
    }

    public IEnumerable<DayOfWeek> WeekDays()
    {
        var first = (int)Culture.DateTimeFormat.FirstDayOfWeek;
        return Enumerable.Range(0, 7).Select(i => (DayOfWeek)((first + i) % 7));
    }

    /// <summary>The booking error's message for one form field (the handler's keys, e.g. customer.email or answers.topic).</summary>
    public string? ErrorFor(string key) =>
        Problem?.Errors is { } errors && errors.TryGetValue(key, out var messages) ? string.Join(" ", messages) : null;

    public static string FieldId(string key) => key switch
    {
        "customer.name" => "name",
        "customer.email" => "email",
        "customer.phone" => "phone",
        "customer.notes" => "notes",
        "consent" => "consent",
        _ when key.StartsWith("answers.", StringComparison.Ordinal) => "q-" + key["answers.".Length..],
        _ => "details",
    };

    public string FieldLabel(string key) => key switch
    {
        "customer.name" => Text.Name,
        "customer.email" => Text.Email,
        "customer.phone" => Text.Phone,
        "customer.notes" => Text.Notes,
        "consent" => Text.Consent,
        _ when key.StartsWith("answers.", StringComparison.Ordinal) =>
            Questions.FirstOrDefault(q => q.Id == key["answers.".Length..])?.Text ?? Text.Answer,
        _ => Text.Booking,
    };

    private IActionResult SeeOther(string url)
    {
        Response.Headers.Location = url;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static DateOnly FirstOfMonth(DateOnly d) => new(d.Year, d.Month, 1);

    private static DateTimeOffset? ParseStart(string? value) =>
        DateTimeOffset.TryParseExact(value, [StartFormat, "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var s) ? s : null;

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static DateOnly? ParseMonth(string? value) =>
        DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

/// <summary>What the customer types; the handler validates it.</summary>
public sealed class DetailsForm
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Notes { get; set; }
    public Dictionary<string, string?> Answers { get; set; } = [];
    public bool Consent { get; set; }

    /// <summary>Text message reminders, when the service sends SMS.</summary>
    public bool SmsOptIn { get; set; }

    /// <summary>One per rendered form: the idempotency key of its submission.</summary>
    public string? Key { get; set; }
}

/// <summary>A custom question as this service asks it.</summary>
public sealed record Question(string Id, string Text, AnswerInputType Type, IReadOnlyList<string> Options, bool Required)
{
    public static IReadOnlyList<Question> For(CalendarDocument calendar, BookingService service) =>
        service.CustomQuestions
            .Select(a => (Assignment: a, Question: calendar.CustomQuestions.FirstOrDefault(q => q.Id == a.QuestionId)))
            .Where(x => x.Question is not null)
            .Select(x => new Question(x.Question!.Id, x.Question.DisplayName, x.Question.AnswerInputType, x.Question.AnswerOptions, x.Assignment.IsRequired))
            .ToList();
}
