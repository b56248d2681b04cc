using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// /admin/{slug}/page: the booking page's settings (Graph's bookingPageSettings and our additions: allowed embedding origins, SMS
/// regions), its address, the snippet that embeds it in another site, a preview link, and publishing. Readable by everyone who may
/// read the settings; saved, published and unpublished by administrators.
/// </summary>
public sealed partial class BookingPageModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time, Links links) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "page";

    public sealed class PageForm
    {
        public bool RestrictedToOrganization { get; set; }
        public string? ColorCode { get; set; }
        public bool ConsentEnabled { get; set; }
        public string? ConsentMessage { get; set; }
        public string? PrivacyPolicyUrl { get; set; }
        public string? TermsUrl { get; set; }
        public bool NoIndex { get; set; }
        public bool TimesInBusinessZone { get; set; }
        public string? FrameAncestors { get; set; }
        public string? SmsRegions { get; set; }
    }

    [BindProperty]
    public PageForm Form { get; set; } = new();

    [BindProperty]
    public string? Version { get; set; }

    public bool ReadOnly => !Can(AdminAction.EditSettings);

    /// <summary>The booking page's absolute address.</summary>
    public string PageUrl => $"{links.BaseUrl(Request)}/book/{Uri.EscapeDataString(Mailbox.Slug)}";

    public string PreviewUrl => $"/book/{Uri.EscapeDataString(Mailbox.Slug)}?preview=1";

    /// <summary>The HTML another site pastes to embed the booking page (shown as text; its own attribute values are encoded).</summary>
    public string EmbedSnippet
    {
        get
        {
            var encoder = SnippetEncoder;
            return $"<iframe src=\"{encoder.Encode(PageUrl)}\" title=\"{encoder.Encode(Doc.DisplayName)}\" " +
                   "style=\"width: 100%; height: 820px; border: 0;\" loading=\"lazy\"></iframe>";
        }
    }

    private static readonly HtmlEncoder SnippetEncoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewSettings, ct)) return Missing();
        Form = Read(Doc);
        Version = Mailbox.Version;
        if (Request.Query["published"] == "1") Notice = Text.Settings.TheBookingPageIs;
        if (Request.Query["published"] == "0") Notice = Text.Settings.TheBookingPageIsUnpublished;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        return await SaveAsync(Version, Apply, "page.update", "bookingPageSettings", ct) ?? Page();
    }

    public Task<IActionResult> OnPostPublishAsync(string slug, CancellationToken ct) => PublishAsync(slug, true, ct);

    public Task<IActionResult> OnPostUnpublishAsync(string slug, CancellationToken ct) => PublishAsync(slug, false, ct);

    private async Task<IActionResult> PublishAsync(string slug, bool publish, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        var lang = Bookings.Web.Localization.PageLanguage.Param(HttpContext) is { } l ? "&lang=" + l : "";
        var back = $"{Request.Path.Value}?published={(publish ? "1" : "0")}{lang}";
        if (Doc.IsPublished == publish) return SeeOther(back);
        var result = await SaveAsync(null, doc =>
        {
            doc.IsPublished = publish;
            return null;
        }, publish ? "calendar.publish" : "calendar.unpublish", Mailbox.Slug, ct, back);
        if (result is not null) return result;
        Form = Read(Doc);
        Version = Mailbox.Version;
        return Page();
    }

    private static PageForm Read(CalendarDocument doc)
    {
        var s = doc.BookingPageSettings;
        return new PageForm
        {
            RestrictedToOrganization = s.AccessControl == AccessControl.RestrictedToOrganization,
            ColorCode = s.BookingPageColorCode,
            ConsentEnabled = s.IsCustomerConsentEnabled,
            ConsentMessage = s.CustomerConsentMessage,
            PrivacyPolicyUrl = s.PrivacyPolicyWebUrl,
            TermsUrl = s.TermsAndConditionsWebUrl,
            NoIndex = s.IsSearchEngineIndexabilityDisabled,
            TimesInBusinessZone = s.IsTimeSlotTimeZoneSetToBusinessTimeZone,
            FrameAncestors = string.Join("\n", s.FrameAncestors),
            SmsRegions = string.Join(" ", doc.SmsAllowedRegions),
        };
    }

    private List<string> Apply(CalendarDocument doc)
    {
        var problems = new List<string>();
        string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        RefuseControlCharacters(problems, (Form.ColorCode, Text.Settings.Colour), (Form.PrivacyPolicyUrl, Text.Common.PrivacyPolicy),
            (Form.TermsUrl, Text.Common.TermsAndConditions));

        var color = Clean(Form.ColorCode);
        if (color is not null && !ColorPattern().IsMatch(color))
            problems.Add(Text.Settings.TheColourIsA);
        var consent = Clean(Form.ConsentMessage);
        if (Form.ConsentEnabled && consent is null)
            problems.Add(Text.Settings.WriteTheConsentMessage);
        if (consent is { Length: > 2000 })
            problems.Add(Text.Settings.TheConsentMessageIs);
        var privacy = Clean(Form.PrivacyPolicyUrl);
        if (privacy is not null && !BusinessModel.IsWebUrl(privacy))
            problems.Add(Text.Settings.ThePrivacyPolicyMust);
        var terms = Clean(Form.TermsUrl);
        if (terms is not null && !BusinessModel.IsWebUrl(terms))
            problems.Add(Text.Settings.TheTermsAndConditions);

        var origins = new List<string>();
        foreach (var line in (Form.FrameAncestors ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var origin = line.TrimEnd('/');
            if (!IsOrigin(origin))
                problems.Add(Text.Settings.NotAnOrigin(line));
            else if (!origins.Contains(origin, StringComparer.OrdinalIgnoreCase)) origins.Add(origin);
        }

        var regions = new List<string>();
        foreach (var word in (Form.SmsRegions ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var region = word.ToUpperInvariant();
            if (!Bookings.Core.Notifications.PhoneNumbers.IsRegion(region))
                problems.Add(Text.Settings.NotARegionCode(word));
            else if (!regions.Contains(region)) regions.Add(region);
        }
        if (regions.Count == 0 && doc.Services.Any(s => s.SmsNotificationsEnabled))
            problems.Add(Text.Settings.SomeServicesSendSMS);
        if (problems.Count > 0) return problems;

        var s = doc.BookingPageSettings;
        s.AccessControl = Form.RestrictedToOrganization ? AccessControl.RestrictedToOrganization : AccessControl.Unrestricted;
        s.BookingPageColorCode = color?.ToLowerInvariant();
        s.IsCustomerConsentEnabled = Form.ConsentEnabled;
        s.CustomerConsentMessage = consent;
        s.PrivacyPolicyWebUrl = privacy;
        s.TermsAndConditionsWebUrl = terms;
        s.IsSearchEngineIndexabilityDisabled = Form.NoIndex;
        s.IsTimeSlotTimeZoneSetToBusinessTimeZone = Form.TimesInBusinessZone;
        s.FrameAncestors = origins;
        doc.SmsAllowedRegions = regions;
        return problems;
    }

    private static bool IsOrigin(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" && u.AbsolutePath == "/" && string.IsNullOrEmpty(u.Query)
        && string.IsNullOrEmpty(u.Fragment) && string.IsNullOrEmpty(u.UserInfo) && !s.EndsWith('/') && s.All(c => c > ' ' && c < 127 && c != ';' && c != ',');

    [GeneratedRegex(@"^#[0-9A-Fa-f]{6}\z")]
    private static partial Regex ColorPattern();
}
