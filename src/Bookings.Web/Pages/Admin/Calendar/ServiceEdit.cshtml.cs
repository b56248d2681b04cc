using System.Globalization;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Microsoft.AspNetCore.Mvc;

namespace Bookings.Web.Pages.Admin.Calendar;

/// <summary>
/// One service, every field of it (/admin/{slug}/services/edit/{id?}; no id: a new service, its id made from its name). Administrators
/// change it; schedulers, team members and viewers see it read-only.
/// </summary>
public sealed class ServiceEditModel(IMailboxStore mailboxStore, IAuditStore auditStore, TimeProvider time) : AdminCalendarPage(mailboxStore, auditStore, time)
{
    public override string Section => "services";

    public sealed class QuestionRow
    {
        public string Id { get; set; } = "";
        public bool Assigned { get; set; }
        public bool Required { get; set; }
    }

    public sealed class ReminderRow
    {
        public DurationInput Offset { get; set; } = new();
        public BookingReminderRecipients Recipients { get; set; } = BookingReminderRecipients.AllAttendees;
        public string? Message { get; set; }
        public bool Remove { get; set; }
    }

    public sealed class ServiceForm
    {
        public string? Version { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Notes { get; set; }
        public DurationInput Duration { get; set; } = new();
        public string? Price { get; set; }
        public PriceType PriceType { get; set; } = PriceType.NotSet;
        public DurationInput PreBuffer { get; set; } = new();
        public DurationInput PostBuffer { get; set; } = new();
        public string? Seats { get; set; }
        public bool Hidden { get; set; }
        public bool Online { get; set; }
        public string? MeetingUrl { get; set; }
        public bool Sms { get; set; }
        public bool CustomerMayManage { get; set; }
        public bool EmailRequired { get; set; }
        public List<string> StaffIds { get; set; } = [];
        public bool OwnPolicy { get; set; }
        public DurationInput Interval { get; set; } = new();
        public DurationInput MinimumLead { get; set; } = new();
        public DurationInput MaximumAdvance { get; set; } = new();
        public bool AllowStaffSelection { get; set; }
        public bool SendConfirmationsToOwner { get; set; }
        public bool MeetingInvite { get; set; }
        public List<QuestionRow> Questions { get; set; } = [];
        public List<ReminderRow> Reminders { get; set; } = [];
        public bool FollowUp { get; set; }
        public DurationInput FollowUpOffset { get; set; } = new();
        public string? FollowUpMessage { get; set; }
    }

    [BindProperty]
    public ServiceForm Form { get; set; } = new();

    /// <summary>The service's id; null for a new one.</summary>
    public string? ServiceId { get; private set; }

    public bool ReadOnly => !Can(AdminAction.EditSettings);

    /// <summary>Problems per field (Form.Name, Form.Duration…), in the page's language, shown next to the field.</summary>
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    public string? ErrorFor(string field) => FieldErrors.GetValueOrDefault(field);

    public string ListPath => $"/admin/{Mailbox.Slug}/services";

    public async Task<IActionResult> OnGetAsync(string slug, string? id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.ViewSettings, ct)) return Missing();
        BookingService service;
        if (id is null)
        {
            service = new BookingService();
        }
        else
        {
            if (Doc.FindService(id) is not { } found) return Missing();
            service = found;
            ServiceId = id;
        }
        Form = FromService(service);
        Form.Reminders.Add(new ReminderRow { Offset = new DurationInput { Unit = "hours" } });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string? id, CancellationToken ct)
    {
        if (!await LoadAsync(slug, AdminAction.EditSettings, ct)) return Missing();
        if (id is not null && Doc.FindService(id) is null) return Missing();
        ServiceId = id;
        // The question rows as the calendar has them now (a forged or stale row is ignored).
        var posted = Form.Questions.Where(q => q.Id is not null).GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Form.Questions = [.. Doc.CustomQuestions.Select(q => posted.GetValueOrDefault(q.Id) ?? new QuestionRow { Id = q.Id })];

        var parsed = Parse();
        // SaveAsync changes a copy of this very document, so the id made here is free there too.
        var target = id ?? ServiceText.NewId(parsed.DisplayName, Doc.Services.Select(s => s.Id), "service");
        var result = await SaveAsync(Form.Version, doc =>
        {
            if (FieldErrors.Count > 0) return FieldErrors.Values;
            if (id is null)
            {
                parsed.Id = target;
                doc.Services.Add(parsed);
            }
            else
            {
                var index = doc.Services.FindIndex(s => s.Id == id);
                if (index < 0) return [Text.Services.ThisServiceNoLonger];
                parsed.Id = id;
                doc.Services[index] = parsed;
            }
            return null;
        }, id is null ? "service.create" : "service.update", target, ct, ListPath);
        if (result is not null) return result;
        // Shown again with what was typed (rows keep their places, so their errors stay next to them), plus an empty reminder row.
        if (!Form.Reminders.Any(r => r.Offset.IsEmpty && string.IsNullOrWhiteSpace(r.Message)))
            Form.Reminders.Add(new ReminderRow { Offset = new DurationInput { Unit = "hours" } });
        return Page();
    }

    private ServiceForm FromService(BookingService s)
    {
        var policy = s.SchedulingPolicy ?? Doc.SchedulingPolicy;
        var assigned = s.CustomQuestions.ToDictionary(q => q.QuestionId, StringComparer.Ordinal);
        return new ServiceForm
        {
            Version = Mailbox.Version,
            Name = s.DisplayName,
            Description = s.Description,
            Notes = s.Notes,
            Duration = DurationInput.From(s.DefaultDuration),
            Price = s.DefaultPrice.ToString("0.##", IsPolish ? CultureInfo.GetCultureInfo("pl-PL") : CultureInfo.InvariantCulture),
            PriceType = s.DefaultPriceType,
            PreBuffer = DurationInput.From(s.PreBuffer),
            PostBuffer = DurationInput.From(s.PostBuffer),
            Seats = s.MaximumAttendeesCount.ToString(CultureInfo.InvariantCulture),
            Hidden = s.IsHiddenFromCustomers,
            Online = s.IsLocationOnline,
            MeetingUrl = s.OnlineMeetingUrlTemplate,
            Sms = s.SmsNotificationsEnabled,
            CustomerMayManage = s.IsCustomerAllowedToManageBooking,
            EmailRequired = s.CustomerEmailRequired,
            StaffIds = [.. s.StaffMemberIds],
            OwnPolicy = s.SchedulingPolicy is not null,
            Interval = DurationInput.From(policy.TimeSlotInterval),
            MinimumLead = DurationInput.From(policy.MinimumLeadTime),
            MaximumAdvance = DurationInput.From(policy.MaximumAdvance),
            AllowStaffSelection = policy.AllowStaffSelection,
            SendConfirmationsToOwner = policy.SendConfirmationsToOwner,
            MeetingInvite = policy.IsMeetingInviteToCustomersEnabled,
            Questions = [.. Doc.CustomQuestions.Select(q => new QuestionRow
            {
                Id = q.Id, Assigned = assigned.ContainsKey(q.Id), Required = assigned.TryGetValue(q.Id, out var a) && a.IsRequired,
            })],
            Reminders = [.. s.Reminders.Select(r => new ReminderRow { Offset = DurationInput.From(r.Offset), Recipients = r.Recipients, Message = r.Message })],
            FollowUp = s.FollowUp is not null,
            FollowUpOffset = DurationInput.From(s.FollowUp?.Offset ?? TimeSpan.FromDays(1)),
            FollowUpMessage = s.FollowUp?.Message,
        };
    }

    private void Fail(string field, string problem) => FieldErrors.TryAdd(field, problem);

    private TimeSpan Span(DurationInput input, string field, TimeSpan min, TimeSpan max, string problem)
    {
        if (input.Parse() is { } span && span >= min && span <= max) return span;
        Fail(field, problem);
        return min;
    }

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The service the form describes; problems go to <see cref="FieldErrors"/>.</summary>
    private BookingService Parse()
    {
        var s = ParseTexts();
        ParseDurations(s);
        ParsePrice(s);
        ParseSeats(s);
        ParseMeetingUrl(s);
        if (s.SmsNotificationsEnabled && Doc.SmsAllowedRegions.Count == 0)
            Fail("Form.Sms", Text.Services.SMSNeedsTheCountries);
        ParseStaff(s);
        if (Form.OwnPolicy) s.SchedulingPolicy = ParsePolicy();
        s.CustomQuestions = [.. Form.Questions.Where(q => q.Assigned && Doc.CustomQuestions.Any(c => c.Id == q.Id))
            .Select(q => new BookingQuestionAssignment { QuestionId = q.Id, IsRequired = q.Required })];
        ParseReminders(s);
        if (Form.FollowUp) s.FollowUp = ParseFollowUp();
        return s;
    }

    // The name, texts and switches: the service to fill in.
    private BookingService ParseTexts()
    {
        var f = Form;
        var s = new BookingService
        {
            DisplayName = f.Name?.Trim() ?? "",
            Description = Trimmed(f.Description),
            Notes = Trimmed(f.Notes),
            DefaultPriceType = Enum.IsDefined(f.PriceType) ? f.PriceType : PriceType.NotSet,
            IsHiddenFromCustomers = f.Hidden,
            IsLocationOnline = f.Online,
            SmsNotificationsEnabled = f.Sms,
            IsCustomerAllowedToManageBooking = f.CustomerMayManage,
            CustomerEmailRequired = f.EmailRequired,
        };
        if (s.DisplayName.Length == 0) Fail("Form.Name", Text.Services.GiveTheServiceA);
        else if (s.DisplayName.Length > 200) Fail("Form.Name", Text.Common.TheNameIsAt);
        if (s.Description is { Length: > CalendarValidator.MaxTextLength })
            Fail("Form.Description", Text.Services.DescriptionTooLong(CalendarValidator.MaxTextLength));
        if (s.Notes is { Length: > CalendarValidator.MaxTextLength })
            Fail("Form.Notes", Text.Services.NotesTooLong(CalendarValidator.MaxTextLength));
        return s;
    }

    private void ParseDurations(BookingService s)
    {
        var f = Form;
        s.DefaultDuration = Span(f.Duration, "Form.Duration", TimeSpan.FromMinutes(1), TimeSpan.FromDays(1),
            Text.Services.TheDurationMustBe);
        s.PreBuffer = Buffer(f.PreBuffer, "Form.PreBuffer");
        s.PostBuffer = Buffer(f.PostBuffer, "Form.PostBuffer");
    }

    private TimeSpan Buffer(DurationInput input, string field) => input.IsEmpty ? TimeSpan.Zero : Span(input, field, TimeSpan.Zero, TimeSpan.FromDays(1),
        Text.Services.ABufferIsA);

    private void ParsePrice(BookingService s)
    {
        var priceText = Form.Price?.Trim().Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
        if (string.IsNullOrEmpty(priceText)) s.DefaultPrice = 0;
        else if (decimal.TryParse(priceText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) && price <= 1_000_000_000m)
            s.DefaultPrice = decimal.Round(price, 2);
        else Fail("Form.Price", Text.Services.ThePriceIsA);
    }

    private void ParseSeats(BookingService s)
    {
        if (int.TryParse(Form.Seats?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seats) && seats is >= 1 and <= 10000)
            s.MaximumAttendeesCount = seats;
        else Fail("Form.Seats", Text.Services.SeatsMustBeA);
    }

    private void ParseMeetingUrl(BookingService s)
    {
        var meeting = Trimmed(Form.MeetingUrl);
        if (AdminPage.ControlCharacterProblem(Form.MeetingUrl, Text.Services.MeetingLink, Text) is { } control)
            FieldErrors["Form.MeetingUrl"] = control;
        else if (meeting is not null)
        {
            var probe = meeting.Replace("{appointmentId}", "apt-1", StringComparison.Ordinal);
            if (meeting.Length > 2000 || !(Uri.TryCreate(probe, UriKind.Absolute, out var u) && u.Scheme is "https" or "http") || meeting.Any(char.IsControl))
                Fail("Form.MeetingUrl", Text.Services.TheMeetingLinkMust);
        }
        s.OnlineMeetingUrlTemplate = meeting;
    }

    private void ParseStaff(BookingService s)
    {
        var staff = Form.StaffIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
        if (staff.Any(id => Doc.FindStaff(id) is null))
            Fail("Form.StaffIds", Text.Services.PickStaffMembersOf);
        // Order as the calendar lists them.
        s.StaffMemberIds = [.. Doc.StaffMembers.Select(m => m.Id).Where(staff.Contains)];
    }

    // The service's own scheduling policy (Form.OwnPolicy).
    private BookingSchedulingPolicy ParsePolicy()
    {
        var f = Form;
        var policy = new BookingSchedulingPolicy
        {
            TimeSlotInterval = Span(f.Interval, "Form.Interval", TimeSpan.FromMinutes(5), TimeSpan.FromDays(1),
                Text.Services.TheTimeSlotInterval),
            MinimumLeadTime = Span(f.MinimumLead, "Form.MinimumLead", TimeSpan.Zero, TimeSpan.FromDays(730),
                Text.Services.TheMinimumLeadTime),
            MaximumAdvance = Span(f.MaximumAdvance, "Form.MaximumAdvance", TimeSpan.FromMinutes(1), TimeSpan.FromDays(730),
                Text.Services.TheMaximumAdvanceIs),
            AllowStaffSelection = f.AllowStaffSelection,
            SendConfirmationsToOwner = f.SendConfirmationsToOwner,
            IsMeetingInviteToCustomersEnabled = f.MeetingInvite,
        };
        if (!FieldErrors.ContainsKey("Form.MinimumLead") && !FieldErrors.ContainsKey("Form.MaximumAdvance") && CalendarValidator.LeadTimesTooClose(policy))
            Fail("Form.MaximumAdvance", Text.Services.TheMaximumAdvanceMust);
        return policy;
    }

    private void ParseReminders(BookingService s)
    {
        for (var i = 0; i < Form.Reminders.Count; i++)
        {
            var r = Form.Reminders[i];
            if (r.Remove || (r.Offset.IsEmpty && string.IsNullOrWhiteSpace(r.Message))) continue;
            var offset = Span(r.Offset, $"Form.Reminders[{i}]", TimeSpan.FromMinutes(1), TimeSpan.FromDays(90),
                Text.Services.AReminderGoesOut);
            var message = Trimmed(r.Message);
            if (message is { Length: > 1000 })
                Fail($"Form.Reminders[{i}]", Text.Services.ReminderMessageTooLong);
            s.Reminders.Add(new BookingReminder
            {
                Offset = offset,
                Recipients = Enum.IsDefined(r.Recipients) ? r.Recipients : BookingReminderRecipients.AllAttendees,
                Message = message,
            });
        }
    }

    private BookingFollowUp ParseFollowUp()
    {
        var offset = Span(Form.FollowUpOffset, "Form.FollowUpOffset", TimeSpan.Zero, TimeSpan.FromDays(90),
            Text.Services.AFollowUpGoes);
        var message = Trimmed(Form.FollowUpMessage);
        if (message is { Length: > 1000 })
            Fail("Form.FollowUpMessage", Text.Services.AFollowUpS);
        return new BookingFollowUp { Offset = offset, Message = message };
    }
}
