using System.Security.Claims;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// /admin/new: a calendar of one's own, as the tenant policy allows (<see cref="TenantPolicy.CanCreateCalendars"/>): the starter
/// document (Monday–Friday 09:00–17:00, one 30-minute service) with its creator as its administrator.
/// </summary>
[Authorize(Policy = AdminAuth.Policy)]
public sealed class NewCalendarModel(IBookingStore store, TimeProvider time, TenantPolicy policy) : PageModel
{
    public sealed class NewForm
    {
        public string? Name { get; set; }
        public string? Slug { get; set; }
        public string? TimeZone { get; set; }
        public string? Language { get; set; }
    }

    [BindProperty]
    public NewForm Form { get; set; } = new();

    public List<string> Errors { get; } = [];

    /// <summary>False: the policy does not let this user create calendars (the page says who may).</summary>
    public bool Allowed { get; private set; }

    public TenantOptions Policy => policy.Options;

    public bool IsPolish => CalendarPage.Language(Request) == "pl";

    public string T(string en, string pl) => IsPolish ? pl : en;

    public static readonly string[] Languages = ["en-US", "pl-PL"];

    public IActionResult OnGet()
    {
        if (!Start()) return Refused();
        Form.TimeZone = "UTC";
        Form.Language = IsPolish ? "pl-PL" : "en-US";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Start()) return Refused();
        var name = Form.Name?.Trim() ?? "";
        var zone = Form.TimeZone is { Length: > 0 } z ? z : "UTC";
        var language = Languages.Contains(Form.Language) ? Form.Language! : "en-US";
        if (AdminPage.ControlCharacterProblem(Form.Slug, T("Slug", "Adres (slug)"), IsPolish) is { } control) Errors.Add(control);
        if (name.Length == 0) Errors.Add(T("Enter the calendar's name.", "Podaj nazwę kalendarza."));
        else if (name.Length > 200) Errors.Add(T("The name is at most 200 characters.", "Nazwa może mieć najwyżej 200 znaków."));
        if (!TimeZoneChoices.Ids.Contains(zone, StringComparer.Ordinal))
            Errors.Add(T("Choose a time zone from the list.", "Wybierz strefę czasową z listy."));

        var mailboxes = await store.ListMailboxesAsync(ct);
        var taken = mailboxes.Select(m => m.Slug).ToHashSet(StringComparer.Ordinal);
        string slug;
        if (string.IsNullOrWhiteSpace(Form.Slug))
        {
            slug = CalendarSlugs.FreeSlug(CalendarSlugs.Suggest(name), taken);
        }
        else
        {
            slug = Form.Slug.Trim().ToLowerInvariant();
            if (CalendarSlugs.Problem(slug, taken, IsPolish) is { } problem) Errors.Add(problem);
        }
        if (Errors.Count > 0) return Invalid();

        var doc = StarterCalendar.Build(slug, name, zone, languageTag: language);
        if (CalendarAccess.Email(User) is { } email && EmailAddress.IsValid(email))
        {
            doc.StaffMembers.Add(new BookingStaffMember
            {
                Id = StaffAdministration.NewStaffId(doc, email, null),
                DisplayName = User.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } shown ? shown : email,
                EmailAddress = email,
                Role = StaffRole.Administrator,
            });
        }
        var problems = CalendarValidator.Validate(doc);
        if (problems.Count > 0)
        {
            Errors.AddRange(problems.Select(p => p.ToString()));
            return Invalid();
        }

        Mailbox created;
        try
        {
            created = await store.CreateMailboxAsync(doc, ct);
        }
        catch (StoreConflictException)
        {
            Errors.Add(CalendarSlugs.Taken(slug, IsPolish));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (StoreRefusedException e)
        {
            Errors.Add(IsPolish
                ? $"Magazyn danych odmówił utworzenia skrzynki kalendarza ({e.Message}). W Microsoft 365 administrator tworzy ją poleceniem: bookings calendars create SLUG --name NAZWA --mailbox ADRES."
                : $"The store refused to create the calendar's mailbox ({e.Message}). On Microsoft 365 an administrator creates it with: bookings calendars create SLUG --name NAME --mailbox ADDRESS.");
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
        await AdminAudit.RecordAsync(store, time, User, created.Id, "calendar.create", created.Slug, $"name: {created.DisplayName}\ntime zone: {zone}\nlanguage: {language}", ct);
        Response.Headers.Location = "/admin/" + created.Slug;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private bool Start()
    {
        AdminPage.Protect(this);
        ViewData["Title"] = T("New calendar", "Nowy kalendarz");
        Allowed = policy.CanCreateCalendars(User);
        return Allowed;
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}

/// <summary>Slugs of new calendars (the new-calendar and clone pages): suggestions, the ones the admin routes use, and the checks.</summary>
public static class CalendarSlugs
{
    /// <summary>Words the admin app's own routes use under /admin/: a calendar with such a slug could not be opened there.</summary>
    public static IReadOnlySet<string> Reserved => CalendarValidator.ReservedSlugs;

    /// <summary>A slug made of a name ("Gabinet Łódź" → gabinet-lodz); never one the admin routes use.</summary>
    public static string Suggest(string? name)
    {
        var slug = Slugs.From(name, 56, "calendar");
        return Reserved.Contains(slug) ? slug + "-calendar" : slug;
    }

    /// <summary>The slug itself when free, else the first free one of slug-2, slug-3…</summary>
    public static string FreeSlug(string slug, IReadOnlySet<string> taken) =>
        Slugs.Unique(slug, s => taken.Contains(s) || Reserved.Contains(s));

    /// <summary>What is wrong with a slug someone typed, in the page's language, or null.</summary>
    public static string? Problem(string slug, IReadOnlySet<string> taken, bool polish)
    {
        if (!CalendarValidator.IsValidSlug(slug))
            return polish
                ? "Adres (slug) może mieć 1–64 małe litery, cyfry lub łączniki i musi zaczynać się i kończyć literą lub cyfrą."
                : "The slug must be 1–64 lowercase letters, digits or hyphens, starting and ending with a letter or digit.";
        if (Reserved.Contains(slug))
            return polish ? $"Adresu „{slug}” używa sam panel administracyjny; wybierz inny." : $"The admin app uses “{slug}” itself; choose another slug.";
        return taken.Contains(slug) ? Taken(slug, polish) : null;
    }

    public static string Taken(string slug, bool polish) =>
        polish ? $"Kalendarz o adresie „{slug}” już istnieje; wybierz inny." : $"A calendar with the slug “{slug}” already exists; choose another.";
}
