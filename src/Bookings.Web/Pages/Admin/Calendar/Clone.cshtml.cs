using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// /admin/{slug}/clone: a new calendar with this one's configuration (<see cref="CalendarClone"/>): services, staff and their roles,
/// questions, hours, policy, booking page settings, templates; no appointments, customers, time off, ICS feeds or open invitations.
/// Needs the right to clone the calendar (administrators) and to create calendars (the tenant policy).
/// </summary>
public sealed class CloneModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time, TenantPolicy policy) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "overview";

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string? NewSlug { get; set; }

    /// <summary>False: the tenant policy does not let this user create calendars.</summary>
    public bool MayCreate { get; private set; }

    public TenantOptions Policy => policy.Options;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.Clone, ct)) return Missing();
        if (!Start()) return Page();
        var taken = AllMailboxes.Select(m => m.Slug).ToHashSet(StringComparer.Ordinal);
        NewName = Text.Settings.CopyName(Doc.DisplayName);
        NewSlug = CalendarSlugs.FreeSlug(CalendarSlugs.Suggest(Mailbox.Slug + "-copy"), taken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.Clone, ct)) return Missing();
        if (!Start()) return Page();

        RefuseControlCharacters(Errors, (NewSlug, Text.Home.Slug));
        var name = NewName?.Trim() ?? "";
        var newSlug = NewSlug?.Trim().ToLowerInvariant() ?? "";
        NewName = name;
        NewSlug = newSlug;
        if (name.Length == 0) Errors.Add(Text.Settings.EnterTheNewCalendar);
        else if (name.Length > 200) Errors.Add(Text.Common.TheNameIsAt);
        var taken = AllMailboxes.Select(m => m.Slug).ToHashSet(StringComparer.Ordinal);
        if (CalendarSlugs.Problem(newSlug, taken, Text) is { } problem) Errors.Add(problem);
        if (Errors.Count > 0) return Refuse(StatusCodes.Status422UnprocessableEntity);

        var copy = CalendarClone.Copy(Doc, newSlug, name);
        var problems = CalendarValidator.Validate(copy);
        if (problems.Count > 0)
        {
            Errors.AddRange(problems.Select(p => p.ToString()));
            return Refuse(StatusCodes.Status422UnprocessableEntity);
        }
        Mailbox created;
        try
        {
            created = await MailboxStore.CreateMailboxAsync(copy, ct);
        }
        catch (StoreConflictException)
        {
            Errors.Add(CalendarSlugs.Taken(newSlug, Text));
            return Refuse(StatusCodes.Status409Conflict);
        }
        catch (StoreRefusedException e)
        {
            Errors.Add(Text.Settings.StoreRefusedMailbox(e.Message));
            return Refuse(StatusCodes.Status502BadGateway);
        }
        await AdminAudit.RecordAsync(AuditStore, Time, User, created.Id, "calendar.clone", created.Slug,
            $"cloned from {Mailbox.Slug} ({Mailbox.Id}), version {Mailbox.Version}", ct);
        return SeeOther("/admin/" + created.Slug);
    }

    private bool Start()
    {
        MayCreate = policy.CanCreateCalendars(User);
        if (!MayCreate) Response.StatusCode = StatusCodes.Status403Forbidden;
        return MayCreate;
    }

    private IActionResult Refuse(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}
