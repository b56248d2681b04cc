using System.Text.RegularExpressions;
using Bookings.Core.Time;

namespace Bookings.Core.Calendars;

public sealed record ValidationProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Checks a calendar document and says, per problem, where it is and what is wrong.</summary>
public static partial class CalendarValidator
{
    public const int MaxTextLength = 4000;

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\z")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex IdPattern();

    public static bool IsValidSlug(string? slug) => slug is not null && SlugPattern().IsMatch(slug);

    /// <summary>Words the admin app's own routes use under /admin/: a new calendar may not take them (it could not be opened there).</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal)
        { "new", "audit", "tenant", "signin", "signout", "password", "denied" };

    public static IReadOnlyList<ValidationProblem> Validate(CalendarDocument doc)
    {
        var p = new List<ValidationProblem>();
        Header(p, doc);
        PageSettings(p, doc.BookingPageSettings);
        WorkHours(p, "businessHours", doc.BusinessHours);
        Policy(p, "schedulingPolicy", doc.SchedulingPolicy);
        FrameAncestors(p, doc.BookingPageSettings);
        var questionIds = Questions(p, doc.CustomQuestions);
        var staffIds = Staff(p, doc.StaffMembers);
        var serviceIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < doc.Services.Count; i++)
            Service(p, doc, $"services[{i}]", doc.Services[i], (Staff: staffIds, Questions: questionIds, Services: serviceIds));
        foreach (var region in doc.SmsAllowedRegions)
            if (!Notifications.PhoneNumbers.IsRegion(region)) p.Add(new("smsAllowedRegions", $"'{region}' is not an ISO 3166 region code such as PL or GB."));
        foreach (var (path, message) in Templates.Validate(doc)) p.Add(new(path, message));
        return p;
    }

    /// <summary>The calendar's own fields: schema version, slug, names and addresses.</summary>
    private static void Header(List<ValidationProblem> p, CalendarDocument doc)
    {
        if (doc.SchemaVersion != 1) p.Add(new("schemaVersion", $"Unsupported schema version {doc.SchemaVersion}; this version reads 1."));
        if (Plain(p, "slug", doc.Slug) && !IsValidSlug(doc.Slug)) p.Add(new("slug", "The slug must be 1-64 lowercase letters, digits or hyphens, starting and ending with a letter or digit."));
        if (string.IsNullOrWhiteSpace(doc.DisplayName)) p.Add(new("displayName", "The calendar needs a display name."));
        if (doc.Id is { } id && Plain(p, "id", id) && !MailboxAddress.IsValid(id)) p.Add(new("id", $"'{id}' is not a mailbox address such as contoso@bookings.local."));
        Text(p, "displayName", doc.DisplayName);
        if (doc.Email is { Length: > 0 } email && Plain(p, "email", email) && !EmailAddress.IsValid(email)) p.Add(new("email", $"'{email}' is not an email address."));
        Plain(p, "phone", doc.Phone);
        Plain(p, "webSiteUrl", doc.WebSiteUrl);
    }

    private static void PageSettings(List<ValidationProblem> p, BookingPageSettings settings)
    {
        Plain(p, "bookingPageSettings.privacyPolicyWebUrl", settings.PrivacyPolicyWebUrl);
        Plain(p, "bookingPageSettings.termsAndConditionsWebUrl", settings.TermsAndConditionsWebUrl);
        var tz = settings.BusinessTimeZone;
        if (Plain(p, "bookingPageSettings.businessTimeZone", tz) && !TimeZones.TryResolve(tz, out _)) p.Add(new("bookingPageSettings.businessTimeZone", $"Unknown time zone '{tz}'. Use an IANA id such as Europe/Warsaw."));
    }

    private static void FrameAncestors(List<ValidationProblem> p, BookingPageSettings settings)
    {
        foreach (var origin in settings.FrameAncestors)
            if (Plain(p, "bookingPageSettings.frameAncestors", origin) && !IsOrigin(origin)) p.Add(new("bookingPageSettings.frameAncestors", $"'{origin}' is not an origin such as https://www.contoso.com."));
    }

    /// <summary>Checks the custom questions and answers their ids (the services refer to them).</summary>
    private static HashSet<string> Questions(List<ValidationProblem> p, List<BookingCustomQuestion> questions)
    {
        var questionIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var path = $"customQuestions[{i}]";
            Id(p, path + ".id", q.Id);
            if (!questionIds.Add(q.Id)) p.Add(new(path + ".id", $"Duplicate question id '{q.Id}'."));
            if (string.IsNullOrWhiteSpace(q.DisplayName)) p.Add(new(path + ".displayName", "A question needs its text."));
            Text(p, path + ".displayName", q.DisplayName);
            if (q.AnswerInputType == AnswerInputType.RadioButton && q.AnswerOptions.Count < 2)
                p.Add(new(path + ".answerOptions", "A radio-button question needs at least two answer options."));
        }
        return questionIds;
    }

    /// <summary>Checks the staff members and answers their ids (the services refer to them).</summary>
    private static HashSet<string> Staff(List<ValidationProblem> p, List<BookingStaffMember> staffMembers)
    {
        var staffIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < staffMembers.Count; i++)
        {
            var s = staffMembers[i];
            var path = $"staffMembers[{i}]";
            Id(p, path + ".id", s.Id);
            if (!staffIds.Add(s.Id)) p.Add(new(path + ".id", $"Duplicate staff id '{s.Id}'."));
            if (string.IsNullOrWhiteSpace(s.DisplayName)) p.Add(new(path + ".displayName", "A staff member needs a name."));
            Text(p, path + ".displayName", s.DisplayName);
            if (s.EmailAddress is { } e && Plain(p, path + ".emailAddress", e) && !EmailAddress.IsValid(e)) p.Add(new(path + ".emailAddress", $"'{e}' is not an email address."));
            if (s.TimeZone is { } stz && Plain(p, path + ".timeZone", stz) && !TimeZones.TryResolve(stz, out _)) p.Add(new(path + ".timeZone", $"Unknown time zone '{stz}'. Use an IANA id such as Europe/Warsaw."));
            if (!s.UseBusinessHours) WorkHours(p, path + ".workingHours", s.WorkingHours);
            if (s.MaxBookingsPerDay is < 1) p.Add(new(path + ".maxBookingsPerDay", "A daily cap must be at least 1 (leave it out for no cap)."));
            if (s.MaxBookingsPerWeek is < 1) p.Add(new(path + ".maxBookingsPerWeek", "A weekly cap must be at least 1 (leave it out for no cap)."));
            if (s.IcsFeedUrl is { } feed && Plain(p, path + ".icsFeedUrl", feed) && !(Uri.TryCreate(feed, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" or "webcal"))
                p.Add(new(path + ".icsFeedUrl", "The ICS feed must be an http(s) or webcal URL."));
        }
        return staffIds;
    }

    /// <summary>One service; <paramref name="ids"/> holds the calendar's staff and question ids and the ids of the services before it.</summary>
    private static void Service(List<ValidationProblem> p, CalendarDocument doc, string path, BookingService s,
        (HashSet<string> Staff, HashSet<string> Questions, HashSet<string> Services) ids)
    {
        Id(p, path + ".id", s.Id);
        if (!ids.Services.Add(s.Id)) p.Add(new(path + ".id", $"Duplicate service id '{s.Id}'."));
        if (string.IsNullOrWhiteSpace(s.DisplayName)) p.Add(new(path + ".displayName", "A service needs a name."));
        Text(p, path + ".displayName", s.DisplayName);
        Text(p, path + ".description", s.Description);
        if (s.DefaultDuration <= TimeSpan.Zero) p.Add(new(path + ".defaultDuration", "The duration must be more than zero."));
        else if (s.DefaultDuration > TimeSpan.FromDays(1)) p.Add(new(path + ".defaultDuration", "The duration must be at most one day (P1D)."));
        if (s.PreBuffer < TimeSpan.Zero || s.PreBuffer > TimeSpan.FromDays(1)) p.Add(new(path + ".preBuffer", "A buffer must be between PT0S and P1D."));
        if (s.PostBuffer < TimeSpan.Zero || s.PostBuffer > TimeSpan.FromDays(1)) p.Add(new(path + ".postBuffer", "A buffer must be between PT0S and P1D."));
        if (s.MaximumAttendeesCount is < 1 or > 10000) p.Add(new(path + ".maximumAttendeesCount", "Seats must be between 1 and 10000."));
        if (s.DefaultPrice < 0) p.Add(new(path + ".defaultPrice", "The price cannot be negative."));
        foreach (var sid in s.StaffMemberIds)
            if (!ids.Staff.Contains(sid)) p.Add(new(path + ".staffMemberIds", $"Staff member '{sid}' does not exist in this calendar."));
        foreach (var q in s.CustomQuestions)
            if (!ids.Questions.Contains(q.QuestionId)) p.Add(new(path + ".customQuestions", $"Question '{q.QuestionId}' does not exist in this calendar."));
        if (s.SchedulingPolicy is { } sp) Policy(p, path + ".schedulingPolicy", sp);
        ServiceMessages(p, path, s);
        if (s.OnlineMeetingUrlTemplate is { } meeting && Plain(p, path + ".onlineMeetingUrlTemplate", meeting)
            && !(Uri.TryCreate(meeting.Replace("{appointmentId}", "apt-1", StringComparison.Ordinal), UriKind.Absolute, out var mu) && mu.Scheme is "https" or "http"))
            p.Add(new(path + ".onlineMeetingUrlTemplate", "The meeting link must be an http(s) address; {appointmentId} is replaced per appointment."));
        if (s.SmsNotificationsEnabled && doc.SmsAllowedRegions.Count == 0)
            p.Add(new(path + ".smsNotificationsEnabled", "SMS needs the regions it may go to: list them in smsAllowedRegions (e.g. [\"PL\"])."));
    }

    /// <summary>A service's reminders and follow-up: when they go out and how long they are.</summary>
    private static void ServiceMessages(List<ValidationProblem> p, string path, BookingService s)
    {
        for (var r = 0; r < s.Reminders.Count; r++)
        {
            var reminder = s.Reminders[r];
            if (reminder.Offset <= TimeSpan.Zero || reminder.Offset > TimeSpan.FromDays(90))
                p.Add(new($"{path}.reminders[{r}].offset", "A reminder goes out between PT1M and P90D before the appointment."));
            if (reminder.Message is { Length: > 1000 }) p.Add(new($"{path}.reminders[{r}].message", "A reminder's message is at most 1000 characters."));
        }
        if (s.FollowUp is { } followUp)
        {
            if (followUp.Offset < TimeSpan.Zero || followUp.Offset > TimeSpan.FromDays(90))
                p.Add(new(path + ".followUp.offset", "A follow-up goes out between PT0S and P90D after the appointment."));
            if (followUp.Message is { Length: > 1000 }) p.Add(new(path + ".followUp.message", "A follow-up's message is at most 1000 characters."));
        }
    }

    private static readonly Notifications.Templates.ScribanMessageTemplates Templates = new();

    public static void ThrowIfInvalid(CalendarDocument doc)
    {
        var problems = Validate(doc);
        if (problems.Count > 0) throw new CalendarValidationException(problems);
    }

    private static void Policy(List<ValidationProblem> p, string path, BookingSchedulingPolicy policy)
    {
        if (policy.TimeSlotInterval < TimeSpan.FromMinutes(5) || policy.TimeSlotInterval > TimeSpan.FromDays(1))
            p.Add(new(path + ".timeSlotInterval", "The slot interval must be between PT5M and P1D."));
        if (policy.MinimumLeadTime < TimeSpan.Zero) p.Add(new(path + ".minimumLeadTime", "The minimum lead time cannot be negative."));
        if (policy.MaximumAdvance <= TimeSpan.Zero || policy.MaximumAdvance > TimeSpan.FromDays(730))
            p.Add(new(path + ".maximumAdvance", "The maximum lead time must be more than zero and at most two years (P730D)."));
        if (LeadTimesTooClose(policy))
            p.Add(new(path + ".maximumAdvance", "The maximum lead time must be at least 24 hours after the minimum lead time (the one exception: minimum PT0S with maximum P1D)."));
    }

    /// <summary>
    /// Microsoft Bookings' rule broken: less than 24 hours between the minimum and the maximum lead time, except the one pair
    /// minimum 0 with maximum 1 day. False when either is out of range on its own (reported as such; that also keeps max - min
    /// from overflowing for a far negative minimum).
    /// </summary>
    public static bool LeadTimesTooClose(BookingSchedulingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var bothInRange = policy.MinimumLeadTime >= TimeSpan.Zero && policy.MaximumAdvance > TimeSpan.Zero && policy.MaximumAdvance <= TimeSpan.FromDays(730);
        var zeroAndOneDay = policy.MinimumLeadTime == TimeSpan.Zero && policy.MaximumAdvance == TimeSpan.FromDays(1);
        return bothInRange && !zeroAndOneDay && policy.MaximumAdvance - policy.MinimumLeadTime < TimeSpan.FromHours(24);
    }

    private static void WorkHours(List<ValidationProblem> p, string path, List<BookingWorkHours> hours)
    {
        var days = new HashSet<DayOfWeek>();
        for (var i = 0; i < hours.Count; i++)
        {
            var h = hours[i];
            if (!days.Add(h.Day)) p.Add(new($"{path}[{i}].day", $"{h.Day} is listed twice; put all its blocks in one entry."));
            var blocks = h.TimeSlots.OrderBy(t => t.StartTime).ToList();
            for (var j = 0; j < h.TimeSlots.Count; j++)
            {
                var t = h.TimeSlots[j];
                if (t.StartTime < TimeSpan.Zero || t.EndTime > TimeSpan.FromDays(1))
                    p.Add(new($"{path}[{i}].timeSlots[{j}]", "Times of day run from 00:00:00 to 24:00:00."));
                else if (t.EndTime <= t.StartTime)
                    p.Add(new($"{path}[{i}].timeSlots[{j}]", $"The end ({Fmt(t.EndTime)}) must be after the start ({Fmt(t.StartTime)}); a block over midnight is written as two blocks."));
            }
            for (var j = 1; j < blocks.Count; j++)
                if (blocks[j].StartTime < blocks[j - 1].EndTime && blocks[j - 1].EndTime > blocks[j - 1].StartTime)
                    p.Add(new($"{path}[{i}].timeSlots", $"Blocks {Fmt(blocks[j - 1].StartTime)}-{Fmt(blocks[j - 1].EndTime)} and {Fmt(blocks[j].StartTime)}-{Fmt(blocks[j].EndTime)} overlap."));
        }
    }

    private static string Fmt(TimeSpan t) => t >= TimeSpan.FromDays(1) ? "24:00" : t.ToString("hh\\:mm");

    private static void Id(List<ValidationProblem> p, string path, string id)
    {
        if (Plain(p, path, id) && (string.IsNullOrEmpty(id) || !IdPattern().IsMatch(id)))
            p.Add(new(path, $"'{id}' is not a valid id: 1-64 letters, digits, '.', '_' or '-'."));
    }

    // Checked before the other rules of an identifier, address or zone id, whose messages quote the value: true when it has no
    // control character; else the problem names the field without quoting it (a line break would split the message too).
    private static bool Plain(List<ValidationProblem> p, string path, string? value)
    {
        if (!ControlCharacters.In(value)) return true;
        p.Add(new(path, ControlCharacters.Problem));
        return false;
    }

    private static void Text(List<ValidationProblem> p, string path, string? text)
    {
        if (text is { Length: > MaxTextLength }) p.Add(new(path, $"At most {MaxTextLength} characters."));
    }

    private static bool IsOrigin(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" && u.AbsolutePath == "/" && string.IsNullOrEmpty(u.Query)
        && !s.EndsWith('/') && string.IsNullOrEmpty(u.UserInfo);
}

public sealed class CalendarValidationException(IReadOnlyList<ValidationProblem> problems)
    : Exception("The calendar document is not valid: " + string.Join("; ", problems))
{
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}
