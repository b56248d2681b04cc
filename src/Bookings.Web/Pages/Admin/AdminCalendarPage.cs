using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// The base of every admin page about one calendar (/admin/{slug}/…): finds the calendar among those the user may open, checks the
/// action the page needs (<see cref="CalendarPermissions"/>; anything else is the not-found page, whether the calendar exists or not),
/// feeds the calendar switcher and the section links of the admin layout, picks English or Polish, and saves document changes with
/// optimistic concurrency and an audit log entry.
/// </summary>
[Authorize(Policy = AdminAuth.Policy)]
public abstract class AdminCalendarPage(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time) : PageModel
{
    protected IMailboxStore MailboxStore => mailboxStore;
    protected IAuditStore AuditStore => auditStore;
    protected TimeProvider Time => time;

    public Mailbox Mailbox { get; private set; } = null!;

    /// <summary>Whether <see cref="LoadAsync"/> found the calendar (the layout shows the switcher and sections only then).</summary>
    public bool IsLoaded { get; private set; }
    public CalendarDocument Doc => Mailbox.Document;
    public StaffRole Role { get; private set; }

    /// <summary>Every calendar of the store, as <see cref="LoadAsync"/> read them (their slugs are taken, whoever may open them).</summary>
    protected IReadOnlyList<Mailbox> AllMailboxes { get; private set; } = [];

    /// <summary>Every calendar the user may open (the switcher).</summary>
    public IReadOnlyList<(Mailbox Mailbox, StaffRole Role)> Calendars { get; private set; } = [];

    /// <summary>Which section link is current: overview, calendar, customers, services, staff, timeoff, page, business, reports, outbox, audit.</summary>
    public abstract string Section { get; }

    /// <summary>Problems to show above the form (already in the page's language).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>A confirmation to show ("Saved."), from ?saved=1 after a save's redirect.</summary>
    public string? Notice { get; protected set; }

    /// <summary>The page's text in its language.</summary>
    public AdminText Text => field ??= AdminText.For(Request);

    public bool IsPolish => Text.IsPolish;

    public bool Can(AdminAction action) => CalendarPermissions.Allows(Role, action);

    /// <summary>Adds a problem, naming the field, for each posted identifier, address or zone id that holds a control character.</summary>
    protected void RefuseControlCharacters(List<string> problems, params (string? Posted, string Field)[] fields)
    {
        foreach (var (posted, field) in fields)
            if (AdminPage.ControlCharacterProblem(posted, field, Text) is { } problem) problems.Add(problem);
    }

    /// <summary>The staff member the signed-in user is in this calendar (for "own" appointments and time off), or null.</summary>
    public BookingStaffMember? Me => CalendarAccess.StaffMemberOf(User, Doc);

    /// <summary>The calendar's business time zone.</summary>
    public TimeZoneInfo Zone => Core.Time.TimeZones.Resolve(Doc.BusinessTimeZone);

    /// <summary>
    /// Loads the calendar for the page: false (answer <see cref="Missing"/>) when the slug is not a calendar the user may open or
    /// their role does not allow <paramref name="needs"/>.
    /// </summary>
    protected async Task<bool> LoadAsync(string slug, AdminAction needs, CancellationToken ct)
    {
        AdminPage.Protect(this);
        if (!CalendarValidator.IsValidSlug(slug)) return false;
        var mailboxes = AllMailboxes = await mailboxStore.ListMailboxesAsync(ct);
        if (!HttpContext.RequestServices.GetRequiredService<TenantPolicy>().MayUseAdmin(User, mailboxes)) return false;
        Calendars = [.. CalendarAccess.Visible(User, mailboxes)];
        var found = Calendars.FirstOrDefault(c => c.Mailbox.Slug == slug);
        if (found.Mailbox is null || !CalendarPermissions.Allows(found.Role, needs)) return false;
        (Mailbox, Role) = found;
        IsLoaded = true;
        if (Request.Query["saved"] == "1") Notice = Text.Home.Saved;
        return true;
    }

    /// <summary>A request no handler answers (a POST to a page without that handler, say) is the not-found page, never the page unloaded.</summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HandlerMethod is not null) return next();
        AdminPage.Protect(this);
        context.Result = Missing();
        return Task.CompletedTask;
    }

    /// <summary>The not-found page (404), the same whether the calendar or id does not exist or the user may not see it.</summary>
    protected IActionResult Missing() => this.NotFoundPage(t => t.NotFoundHint);

    /// <summary>
    /// Applies <paramref name="change"/> to a copy of the document and saves it. The change answers problems in the page's language
    /// (or none); then the document is validated as a whole. Problems, or a calendar changed by someone else since
    /// <paramref name="expectedVersion"/> (the version the form was read at; null: the one just loaded), leave the document as it
    /// was, fill <see cref="Errors"/>, set 422 or 409 and answer null: show the page again. Success writes the audit log entry
    /// (<paramref name="action"/>, <paramref name="target"/>, what changed) and answers a 303 to <paramref name="redirectTo"/>
    /// (default: this page) with ?saved=1.
    /// </summary>
    protected async Task<IActionResult?> SaveAsync(string? expectedVersion, Func<CalendarDocument, IEnumerable<string>?> change,
        string action, string target, CancellationToken ct, string? redirectTo = null)
    {
        var before = Mailbox.Document;
        var doc = CalendarJson.Clone(before);
        var problems = change(doc)?.ToList() ?? [];
        if (problems.Count == 0) problems.AddRange(CalendarValidator.Validate(doc).Select(p => p.ToString()));
        if (problems.Count > 0)
        {
            Errors.AddRange(problems);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return null;
        }
        if (expectedVersion is not null && !string.Equals(expectedVersion, Mailbox.Version, StringComparison.Ordinal)) return Stale();
        Mailbox saved;
        try
        {
            saved = await mailboxStore.UpdateMailboxAsync(Mailbox.Id, doc, Mailbox.Version, ct);
        }
        catch (StoreConflictException)
        {
            return Stale();
        }
        Mailbox = saved;
        await AuditAsync(action, target, AuditDiff.Describe(before, saved.Document), ct);
        return SeeOther(redirectTo ?? Request.Path.Value ?? "/admin", saved: true);
    }

    /// <summary>Writes an audit log entry for this calendar (changes that are not document saves: appointments, time off, publishing).</summary>
    protected Task AuditAsync(string action, string target, string? details, CancellationToken ct) =>
        AdminAudit.RecordAsync(auditStore, time, User, Mailbox.Id, action, target, details, ct);

    /// <summary>A 303 to a local path, with ?saved=1 (or &amp;saved=1) when asked.</summary>
    protected IActionResult SeeOther(string path, bool saved = false)
    {
        if (AdminAuth.LocalReturnUrl(path) is not { } local) local = "/admin";
        if (saved) local += (local.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "saved=1";
        // The language chosen with ?lang= stays through the redirect.
        if (Request.Query["lang"].ToString() is "en" or "pl" && !local.Contains("lang=", StringComparison.Ordinal))
            local += (local.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + Request.Query["lang"];
        Response.Headers.Location = local;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private IActionResult? Stale()
    {
        Errors.Add(Text.Home.ChangedBySomeoneElse);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return null;
    }
}
