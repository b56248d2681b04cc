using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// /admin/{slug}/business: the business information customers see (Graph's bookingBusiness): name, type, contact details, address,
/// language, currency, time zone and business hours. Everyone who may read the settings sees the form; only those who may edit
/// them (administrators) can save it.
/// </summary>
public sealed class BusinessModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "business";

    public static readonly string[] LanguageTags = ["en-US", "en-GB", "pl-PL"];

    public sealed class DayInput
    {
        public string? Start1 { get; set; }
        public string? End1 { get; set; }
        public string? Start2 { get; set; }
        public string? End2 { get; set; }

        public bool IsClosed => string.IsNullOrWhiteSpace(Start1) && string.IsNullOrWhiteSpace(End1)
            && string.IsNullOrWhiteSpace(Start2) && string.IsNullOrWhiteSpace(End2);
    }

    public sealed class BusinessForm
    {
        public string? DisplayName { get; set; }
        public string? BusinessType { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? WebSiteUrl { get; set; }
        public string? Street { get; set; }
        public string? City { get; set; }
        public string? State { get; set; }
        public string? PostalCode { get; set; }
        public string? Country { get; set; }
        public string? LanguageTag { get; set; }
        public string? Currency { get; set; }
        public string? TimeZone { get; set; }
        public List<DayInput> Hours { get; set; } = [];
    }

    [BindProperty]
    public BusinessForm Form { get; set; } = new();

    /// <summary>The calendar's version the form was read at (optimistic concurrency).</summary>
    [BindProperty]
    public string? Version { get; set; }

    public bool ReadOnly => !Can(AdminAction.EditSettings);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewSettings, ct)) return Missing();
        Form = Read(Doc);
        Version = Mailbox.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        while (Form.Hours.Count < StaffText.Week.Length) Form.Hours.Add(new DayInput());
        return await SaveAsync(Version, Apply, "business.update", "business", ct) ?? Page();
    }

    private static BusinessForm Read(CalendarDocument doc)
    {
        static string? Time(BookingWorkTimeSlot? slot, bool end)
        {
            if (slot is null) return null;
            var t = end ? slot.EndTime : slot.StartTime;
            return t >= TimeSpan.FromDays(1) ? "24:00" : t.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        }

        return new BusinessForm
        {
            DisplayName = doc.DisplayName,
            BusinessType = doc.BusinessType,
            Email = doc.Email,
            Phone = doc.Phone,
            WebSiteUrl = doc.WebSiteUrl,
            Street = doc.Address?.Street,
            City = doc.Address?.City,
            State = doc.Address?.State,
            PostalCode = doc.Address?.PostalCode,
            Country = doc.Address?.CountryOrRegion,
            LanguageTag = doc.LanguageTag,
            Currency = doc.DefaultCurrencyIso,
            TimeZone = doc.BusinessTimeZone,
            Hours = [.. StaffText.Week.Select(day =>
            {
                var slots = doc.BusinessHours.Where(h => h.Day == day).SelectMany(h => h.TimeSlots).OrderBy(s => s.StartTime).ToList();
                var first = slots.ElementAtOrDefault(0);
                var second = slots.ElementAtOrDefault(1);
                return new DayInput { Start1 = Time(first, false), End1 = Time(first, true), Start2 = Time(second, false), End2 = Time(second, true) };
            })],
        };
    }

    private List<string> Apply(CalendarDocument doc)
    {
        var problems = new List<string>();
        string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        RefuseControlCharacters(problems, (Form.Email, Text.Common.Email), (Form.Phone, Text.Common.Phone),
            (Form.WebSiteUrl, Text.Settings.Website), (Form.TimeZone, Text.Common.TimeZone));

        var name = Clean(Form.DisplayName);
        if (name is null) problems.Add(Text.Settings.EnterTheBusinessName);
        var email = Clean(Form.Email);
        if (email is not null && !EmailAddress.IsValid(email))
            problems.Add(Text.Settings.NotAnEmailAddress(email));
        var phone = Clean(Form.Phone);
        if (phone is not null && !PhoneNumber.IsValid(phone))
            problems.Add(Text.Settings.NotAPhoneNumber(phone));
        var web = Clean(Form.WebSiteUrl);
        if (web is not null && !IsWebUrl(web))
            problems.Add(Text.Settings.TheWebsiteMustBe);
        var language = Clean(Form.LanguageTag) ?? "";
        if (!LanguageTags.Contains(language, StringComparer.Ordinal) && language != doc.LanguageTag)
            problems.Add(Text.Settings.ChooseALanguageFrom);
        var currency = Clean(Form.Currency)?.ToUpperInvariant() ?? "";
        if (currency.Length != 3 || !currency.All(c => c is >= 'A' and <= 'Z'))
            problems.Add(Text.Settings.TheCurrencyIsA);
        var zone = Clean(Form.TimeZone) ?? "";
        if (!TimeZoneChoices.Ids.Contains(zone, StringComparer.Ordinal) && zone != doc.BusinessTimeZone)
            problems.Add(Text.Common.ChooseATimeZone);

        var hours = new List<BookingWorkHours>();
        for (var i = 0; i < StaffText.Week.Length; i++)
        {
            var input = Form.Hours[i];
            var slots = new List<BookingWorkTimeSlot>();
            foreach (var (start, end) in new[] { (input.Start1, input.End1), (input.Start2, input.End2) })
            {
                if (string.IsNullOrWhiteSpace(start) && string.IsNullOrWhiteSpace(end)) continue;
                var from = ParseTime(start, allowMidnightEnd: false);
                var to = ParseTime(end, allowMidnightEnd: true);
                if (from is null || to is null)
                {
                    problems.Add(Text.Settings.GiveBothTimes(StaffText.Week[i]));
                    continue;
                }
                if (to <= from)
                {
                    problems.Add(Text.Settings.RangeMustEndAfterStart(StaffText.Week[i]));
                    continue;
                }
                slots.Add(new BookingWorkTimeSlot { StartTime = from.Value, EndTime = to.Value });
            }
            if (slots.Count == 2 && slots[1].StartTime < slots[0].EndTime && slots[0].StartTime < slots[1].EndTime)
                problems.Add(Text.Settings.RangesOverlap(StaffText.Week[i]));
            if (slots.Count > 0) hours.Add(new BookingWorkHours { Day = StaffText.Week[i], TimeSlots = [.. slots.OrderBy(s => s.StartTime)] });
        }
        if (problems.Count > 0) return problems;

        doc.DisplayName = name!;
        doc.BusinessType = Clean(Form.BusinessType);
        doc.Email = email;
        doc.Phone = phone;
        doc.WebSiteUrl = web;
        var address = new PhysicalAddress
        {
            Street = Clean(Form.Street),
            City = Clean(Form.City),
            State = Clean(Form.State),
            PostalCode = Clean(Form.PostalCode),
            CountryOrRegion = Clean(Form.Country),
        };
        doc.Address = address is { Street: null, City: null, State: null, PostalCode: null, CountryOrRegion: null } ? null : address;
        doc.LanguageTag = language;
        doc.DefaultCurrencyIso = currency;
        doc.BookingPageSettings.BusinessTimeZone = zone;
        doc.BusinessHours = hours;
        return problems;
    }

    /// <summary>HH:MM (24-hour; 24:00 only as an end, meaning midnight at the end of the day).</summary>
    private static TimeSpan? ParseTime(string? text, bool allowMidnightEnd)
    {
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s)) return null;
        if (allowMidnightEnd && s is "24:00") return TimeSpan.FromDays(1);
        return TimeOnly.TryParseExact(s, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToTimeSpan() : null;
    }

    internal static bool IsWebUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" && !string.IsNullOrEmpty(u.Host) && string.IsNullOrEmpty(u.UserInfo)
        && s.All(c => c > ' ' && c < 127);
}
