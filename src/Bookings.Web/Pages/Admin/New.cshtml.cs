using System.Security.Claims;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Hosting;
using Bookings.Web.Admin;
using Bookings.Web.Localization;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Bookings.Web.Pages.Admin;

/// <summary>
/// /admin/new: a calendar of one's own, as the tenant policy allows (<see cref="TenantPolicy.CanCreateCalendars"/>): the starter
/// document (Monday–Friday 09:00–17:00, one 30-minute service) with its creator as its administrator. On the Microsoft 365 store the
/// calendar needs a mailbox, got one of two ways: a new scheduling mailbox, created with the administrator's own Microsoft token
/// (<see cref="ISchedulingMailboxCreator"/>; the app may not create one), or an existing mailbox adopted by address. Either way the
/// store then adopts it (<see cref="IMailboxStore.CreateMailboxAsync"/> with the address as the document's id).
/// </summary>
[Authorize(Policy = AdminAuth.Policy)]
public sealed class NewCalendarModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time, TenantPolicy policy, ISchedulingMailboxCreator creator, IConfiguration configuration)
    : PageModel
{
    /// <summary>The two ways to a mailbox on Microsoft 365 (Form.Mailbox).</summary>
    public const string CreateMailbox = "create";
    public const string AdoptMailbox = "adopt";

    public sealed class NewForm
    {
        public string? Name { get; set; }
        public string? Slug { get; set; }
        public string? TimeZone { get; set; }
        public string? Language { get; set; }

        /// <summary>Microsoft 365: <see cref="CreateMailbox"/> or <see cref="AdoptMailbox"/>.</summary>
        public string? Mailbox { get; set; }

        /// <summary>Microsoft 365, <see cref="AdoptMailbox"/>: the existing mailbox's address.</summary>
        public string? Address { get; set; }
    }

    [BindProperty]
    public NewForm Form { get; set; } = new();

    public List<string> Errors { get; } = [];

    /// <summary>False: the policy does not let this user create calendars (the page says who may).</summary>
    public bool Allowed { get; private set; }

    public TenantOptions Policy => policy.Options;

    /// <summary>Whether calendars need a mailbox of Microsoft 365 (the page offers the two ways to one).</summary>
    public bool IsMicrosoft365 { get; } = StoreHosting.IsMicrosoft365(configuration);

    /// <summary>Microsoft 365: why this user cannot create a scheduling mailbox here (null: they can).</summary>
    public SchedulingMailboxBlocker? CreateBlocker { get; private set; }

    /// <summary>The calendar was registered, but the app may not open its mailbox yet: the address and what IT runs.</summary>
    public (string Mailbox, string Command)? AwaitingAccess { get; private set; }

    /// <summary>Back from Microsoft's consent (?consented=1): the form is filled in again, to be sent once more.</summary>
    public bool Consented { get; private set; }

    public AdminText Text => field ??= AdminText.For(Request);

    public bool IsPolish => Text.IsPolish;

    public static readonly string[] Languages = ["en-US", "pl-PL"];

    public IActionResult OnGet(string? name, string? slug, string? zone, string? language, string? mailbox, string? address, string? consented)
    {
        if (!Start()) return Refused();
        // A way back from Microsoft's consent page carries the form (nothing secret: what the administrator typed).
        Form.Name = name;
        Form.Slug = slug;
        Form.TimeZone = zone is { Length: > 0 } && TimeZoneChoices.Ids.Contains(zone, StringComparer.Ordinal) ? zone : "UTC";
        Form.Language = Languages.Contains(language) ? language : IsPolish ? "pl-PL" : "en-US";
        Form.Mailbox = mailbox is CreateMailbox or AdoptMailbox ? mailbox : null;
        Form.Address = address;
        Consented = consented == "1";
        return Page();
    }

    /// <summary>What the form asks for once checked: the calendar, and on Microsoft 365 the way to its mailbox (<paramref name="Way"/>).</summary>
    private sealed record NewCalendar(string Name, string Slug, string Zone, string Language, string? Way, string? Address);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Start()) return Refused();
        var name = Form.Name?.Trim() ?? "";
        var zone = Form.TimeZone is { Length: > 0 } z ? z : "UTC";
        var language = Languages.Contains(Form.Language) ? Form.Language! : "en-US";
        CheckFields(name, zone);
        var mailboxes = await mailboxStore.ListMailboxesAsync(ct);
        var slug = ChooseSlug(name, mailboxes);
        var (way, address) = ChooseMailbox(mailboxes);
        if (Errors.Count > 0) return Invalid();

        var request = new NewCalendar(name, slug, zone, language, way, address);
        var email = CalendarAccess.Email(User) is { } signedIn && EmailAddress.IsValid(signedIn) ? signedIn : null;
        var doc = StarterDocument(request, email);
        var problems = CalendarValidator.Validate(doc);
        if (problems.Count > 0)
        {
            Errors.AddRange(problems.Select(p => p.ToString()));
            return Invalid();
        }
        if (way == CreateMailbox && await CreateSchedulingMailboxAsync(doc, request, email, ct) is { } notCreated) return notCreated;
        return await RegisterAsync(doc, request, ct);
    }

    // The slug's control characters, the name and the time zone.
    private void CheckFields(string name, string zone)
    {
        if (AdminPage.ControlCharacterProblem(Form.Slug, Text.Home.Slug, Text) is { } control) Errors.Add(control);
        if (name.Length == 0) Errors.Add(Text.Home.EnterCalendarName);
        else if (name.Length > 200) Errors.Add(Text.Common.TheNameIsAt);
        if (!TimeZoneChoices.Ids.Contains(zone, StringComparer.Ordinal))
            Errors.Add(Text.Common.ChooseATimeZone);
    }

    // The slug typed (checked), or a free one made of the name.
    private string ChooseSlug(string name, IReadOnlyList<Mailbox> mailboxes)
    {
        var taken = mailboxes.Select(m => m.Slug).ToHashSet(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Form.Slug)) return CalendarSlugs.FreeSlug(CalendarSlugs.Suggest(name), taken);
        var slug = Form.Slug.Trim().ToLowerInvariant();
        if (CalendarSlugs.Problem(slug, taken, Text) is { } problem) Errors.Add(problem);
        return slug;
    }

    // Microsoft 365: which mailbox. Creating one needs a Microsoft sign-in; adopting one, an address that is not a calendar yet.
    private (string? Way, string? Address) ChooseMailbox(IReadOnlyList<Mailbox> mailboxes)
    {
        var address = Form.Address?.Trim(' ');
        if (!IsMicrosoft365) return (null, address);
        var way = Form.Mailbox = Form.Mailbox == AdoptMailbox ? AdoptMailbox : CreateMailbox;
        if (way == CreateMailbox && CreateBlocker is { } blocker)
            Errors.Add(BlockerText(blocker));
        else if (way == AdoptMailbox && AdminPage.ControlCharacterProblem(Form.Address, Text.Home.ItsAddress, Text) is { } addressControl)
            Errors.Add(addressControl);
        else if (way == AdoptMailbox && string.IsNullOrEmpty(address))
            Errors.Add(Text.Home.EnterMailboxToUse);
        else if (way == AdoptMailbox && !MailboxAddress.IsValid(address))
            Errors.Add(Text.Home.NotAMailboxAddress(address ?? ""));
        else if (way == AdoptMailbox && mailboxes.Any(m => string.Equals(m.Id, address, StringComparison.OrdinalIgnoreCase)))
            Errors.Add(Text.Home.MailboxIsACalendarAlready(address ?? ""));
        return (way, address);
    }

    // The starter calendar, with the signed-in user (when they have an address) as its administrator.
    private CalendarDocument StarterDocument(NewCalendar request, string? email)
    {
        var doc = StarterCalendar.Build(request.Slug, request.Name, request.Zone,
            mailbox: request.Way == AdoptMailbox ? request.Address : null, languageTag: request.Language);
        if (email is not null)
        {
            doc.StaffMembers.Add(new BookingStaffMember
            {
                Id = StaffAdministration.NewStaffId(doc, email, null),
                DisplayName = User.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } shown ? shown : email,
                EmailAddress = email,
                Role = StaffRole.Administrator,
            });
        }
        return doc;
    }

    // A new scheduling mailbox with the administrator's token, its address the document's id; the page's answer when there is none.
    private async Task<IActionResult?> CreateSchedulingMailboxAsync(CalendarDocument doc, NewCalendar request, string? email, CancellationToken ct)
    {
        try
        {
            doc.Id = await creator.CreateAsync(User, request.Name, email ?? "", ct);
            return null;
        }
        catch (ConsentRequiredException consent)
        {
            return ConsentChallenge(consent, request.Slug, request.Zone, request.Language, email);
        }
        catch (SchedulingMailboxRefusedException refused)
        {
            Errors.Add(Text.Home.MailboxNotCreated($"{refused.Status}", $"{refused.Code}", $"{refused.GraphMessage}"));
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
        catch (HttpRequestException)
        {
            return GraphUnreachable();
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return GraphUnreachable();
        }
    }

    // The store adopts the mailbox as the calendar; audited, and on to the calendar's page.
    private async Task<IActionResult> RegisterAsync(CalendarDocument doc, NewCalendar request, CancellationToken ct)
    {
        Mailbox created;
        try
        {
            created = await mailboxStore.CreateMailboxAsync(doc, ct);
        }
        catch (MailboxAccessPendingException pending)
        {
            // Registered; its audit entry would go into the mailbox the app may not open yet, so there is none.
            AwaitingAccess = (pending.Mailbox, ExchangeScope.Command([pending.Mailbox], configuration["Graph:ClientId"]));
            Response.StatusCode = StatusCodes.Status202Accepted;
            return Page();
        }
        catch (StoreConflictException)
        {
            Errors.Add(request.Way == CreateMailbox ? MadeButNotAdopted(doc.Id!) : CalendarSlugs.Taken(request.Slug, Text));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (StoreRefusedException e)
        {
            Errors.Add(StoreRefusedText(e, request, doc.Id));
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
        var details = $"name: {created.DisplayName}\ntime zone: {request.Zone}\nlanguage: {request.Language}" + request.Way switch
        {
            CreateMailbox => $"\nscheduling mailbox created: {created.Id}",
            AdoptMailbox => $"\nmailbox adopted: {created.Id}",
            _ => "",
        };
        await AdminAudit.RecordAsync(auditStore, time, User, created.Id, "calendar.create", created.Slug, details, ct);
        Response.Headers.Location = "/admin/" + created.Slug;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private string StoreRefusedText(StoreRefusedException e, NewCalendar request, string? mailbox) => request.Way switch
    {
        AdoptMailbox => Text.Home.NoMailboxToAdopt($"{request.Address}", e.Message),
        CreateMailbox => MadeButNotAdopted(mailbox!) + " (" + e.Message + ")",
        _ => Text.Home.StoreRefusedToCreate(e.Message),
    };

    /// <summary>What the page says when a scheduling mailbox cannot be created here.</summary>
    public string BlockerText(SchedulingMailboxBlocker blocker) => blocker switch
    {
        SchedulingMailboxBlocker.NotSignedInWithMicrosoft => Text.Home.CreatingASchedulingMailbox,
        SchedulingMailboxBlocker.NoMicrosoftSignIn => Text.Home.CreatingASchedulingMailboxNeeds,
        _ => Text.Home.MailboxCreationNotSetUp,
    };

    // The business exists in Microsoft 365 now: say so, so that it is adopted rather than made twice.
    private string MadeButNotAdopted(string mailbox) => Text.Home.MailboxCreatedCalendarNot(mailbox);

    private PageResult GraphUnreachable()
    {
        Errors.Add(Text.Home.GraphDidNotAnswer);
        Response.StatusCode = StatusCodes.Status502BadGateway;
        return Page();
    }

    /// <summary>
    /// Incremental consent: Microsoft's sign-in again, asking for the scopes (and any claims challenge), for the same user; it comes back
    /// here with the form filled in to be sent once more (a redirect cannot repeat a POST). The cookie scheme is the default challenge,
    /// so this names the OpenID Connect scheme itself (what Microsoft.Identity.Web's [AuthorizeForScopes] would leave to the default).
    /// </summary>
    private ChallengeResult ConsentChallenge(ConsentRequiredException consent, string slug, string zone, string language, string? email)
    {
        var back = QueryString.Create(new Dictionary<string, string?>
        {
            ["mailbox"] = CreateMailbox,
            ["name"] = Form.Name?.Trim(),
            ["slug"] = string.IsNullOrWhiteSpace(Form.Slug) ? null : slug,
            ["zone"] = zone,
            ["language"] = language,
            ["consented"] = "1",
        });
        var properties = new OpenIdConnectChallengeProperties
        {
            RedirectUri = "/admin/new" + back + (Request.Query.TryGetValue("lang", out var lang) ? "&lang=" + Uri.EscapeDataString(lang.ToString()) : ""),
            Scope = [.. consent.Scopes.Union(["openid", "profile", "offline_access"], StringComparer.Ordinal)],
        };
        if (email is not null)
        {
            properties.SetParameter(OpenIdConnectParameterNames.LoginHint, email); // Microsoft.Identity.Web's handler sends it on
            properties.SetParameter(OpenIdConnectParameterNames.DomainHint, "organizations");
        }
        if (!string.IsNullOrEmpty(consent.Claims)) properties.Items["claims"] = consent.Claims;
        return Challenge(properties, EntraSignIn.Scheme);
    }

    private bool Start()
    {
        AdminPage.Protect(this);
        ViewData["Title"] = Text.Home.NewCalendar;
        Allowed = policy.CanCreateCalendars(User);
        if (IsMicrosoft365)
        {
            CreateBlocker = creator.Blocker(User);
            // The form's POST may be answered with a redirect to Microsoft's sign-in (consent), which form-action must allow.
            if (CreateBlocker is null && EntraSignIn.AuthorityOrigin(HttpContext.RequestServices) is { } authority)
                Response.Headers.ContentSecurityPolicy = Response.Headers.ContentSecurityPolicy.ToString()
                    .Replace("form-action 'self'", "form-action 'self' " + authority, StringComparison.Ordinal);
        }
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
    public static string? Problem(string slug, IReadOnlySet<string> taken, AdminText text)
    {
        if (!CalendarValidator.IsValidSlug(slug)) return text.Common.SlugFormat;
        if (Reserved.Contains(slug)) return text.Common.SlugUsedByAdminApp(slug);
        return taken.Contains(slug) ? Taken(slug, text) : null;
    }

    public static string Taken(string slug, AdminText text) => text.Common.SlugTaken(slug);
}
