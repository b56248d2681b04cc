using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin.Services;

/// <summary>
/// The services pages on the real app: the list, the service form with every field, the calendar's questions; who may change
/// them (administrators), who may only look (schedulers, team members, viewers) and who gets 404 (strangers).
/// </summary>
public sealed class ServicePagesTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public ServicePagesTests() => _factory.Settings["Workers:Enabled"] = "false";

    public void Dispose() => _factory.Dispose();

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private async Task<CalendarDocument> DocAsync() => (await Store.GetMailboxBySlugAsync("contoso"))!.Document;

    private Task<HttpClient> AnnaAsync() => AdminClients.SignedInAsync(_factory, "anna@contoso.example");

    /// <summary>The fields of a plain new service; tests change what they need.</summary>
    private static Dictionary<string, string> NewService(string name) => new()
    {
        ["Form.Name"] = name,
        ["Form.Duration.Value"] = "45",
        ["Form.Duration.Unit"] = "minutes",
        ["Form.Price"] = "200",
        ["Form.PriceType"] = "FixedPrice",
        ["Form.Seats"] = "1",
        ["Form.CustomerMayManage"] = "true",
        ["Form.EmailRequired"] = "true",
    };

    /// <summary>Reads the form page (for its token and version) and posts the fields to it.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, IDictionary<string, string> fields, string? versionOverride = null)
    {
        var html = await client.GetStringAsync(url.Replace("handler=Delete&", "", StringComparison.Ordinal).Replace("?handler=Delete", "", StringComparison.Ordinal));
        var form = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", AdminClients.AntiforgeryToken(html)) };
        var version = versionOverride ?? System.Text.RegularExpressions.Regex.Match(html, "name=\"(?:Form\\.Version|version)\" value=\"([^\"]*)\"").Groups[1].Value;
        if (!fields.ContainsKey("Form.Version") && url.Contains("/edit", StringComparison.Ordinal)) form.Add(new("Form.Version", version));
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private async Task AddStaffAsync(string id, string email, StaffRole role)
    {
        var mailbox = (await Store.GetMailboxBySlugAsync("contoso"))!;
        var doc = CalendarJson.Clone(mailbox.Document);
        doc.StaffMembers.Add(new BookingStaffMember { Id = id, DisplayName = id, EmailAddress = email, Role = role });
        await Store.UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
    }

    [Fact]
    public async Task AServiceCreatedThroughTheFormIsOnTheBookingPageAndInTheApi()
    {
        using var anna = await AnnaAsync();
        var created = await SubmitAsync(anna, "/admin/contoso/services/edit", NewService("Konsultacja wstępna"));
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        Assert.Equal("/admin/contoso/services?saved=1", created.Headers.Location!.OriginalString);

        var service = (await DocAsync()).FindService("konsultacja-wstepna");
        Assert.NotNull(service);
        Assert.Equal(TimeSpan.FromMinutes(45), service.DefaultDuration);
        Assert.Equal(200m, service.DefaultPrice);

        var list = await anna.GetStringAsync("/admin/contoso/services?saved=1");
        Assert.Contains("Konsultacja wstępna", list);
        Assert.Contains("200 PLN", list);
        Assert.Contains("Saved.", list);

        using var visitor = AdminClients.Anonymous(_factory);
        Assert.Contains("Konsultacja wstępna", await visitor.GetStringAsync("/book/contoso"));
        using var api = JsonDocument.Parse(await visitor.GetStringAsync("/api/v1/calendars/contoso"));
        Assert.Contains(api.RootElement.GetProperty("services").EnumerateArray(), s => s.GetProperty("id").GetString() == "konsultacja-wstepna");

        // A second service of the same name gets its own id.
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit", NewService("Konsultacja wstępna"))).StatusCode);
        Assert.NotNull((await DocAsync()).FindService("konsultacja-wstepna-2"));

        var audit = await Store.ListAuditAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100);
        Assert.Contains(audit, e => e.Action == "service.create" && e.Actor == "anna@contoso.example" && e.Target == "konsultacja-wstepna");
    }

    [Fact]
    public async Task EveryFieldIsSavedAndShownAgain()
    {
        await AddStaffAsync("ola", "ola@contoso.example", StaffRole.TeamMember);
        using var anna = await AnnaAsync();
        var fields = new Dictionary<string, string>
        {
            ["Form.Name"] = "Online review",
            ["Form.Description"] = "We look at your plan together.",
            ["Form.Notes"] = "Prepare the checklist.",
            ["Form.Duration.Value"] = "2",
            ["Form.Duration.Unit"] = "hours",
            ["Form.Price"] = "99,50",
            ["Form.PriceType"] = "StartingAt",
            ["Form.PreBuffer.Value"] = "10",
            ["Form.PreBuffer.Unit"] = "minutes",
            ["Form.PostBuffer.Value"] = "15",
            ["Form.PostBuffer.Unit"] = "minutes",
            ["Form.Seats"] = "1",
            ["Form.Hidden"] = "true",
            ["Form.Online"] = "true",
            ["Form.MeetingUrl"] = "https://meet.jit.si/contoso-{appointmentId}",
            ["Form.CustomerMayManage"] = "false",
            ["Form.EmailRequired"] = "false",
            ["Form.StaffIds"] = "piotr",
            ["Form.Questions[0].Id"] = "topic",
            ["Form.Questions[0].Assigned"] = "true",
            ["Form.Questions[1].Id"] = "level",
            ["Form.Questions[1].Assigned"] = "true",
            ["Form.Questions[1].Required"] = "true",
            ["Form.Reminders[0].Offset.Value"] = "1",
            ["Form.Reminders[0].Offset.Unit"] = "days",
            ["Form.Reminders[0].Recipients"] = "Customer",
            ["Form.Reminders[0].Message"] = "Bring your plan.",
            ["Form.FollowUp"] = "true",
            ["Form.FollowUpOffset.Value"] = "3",
            ["Form.FollowUpOffset.Unit"] = "hours",
            ["Form.FollowUpMessage"] = "How did it go?",
        };
        var form = fields.ToList();
        form.Add(new("Form.StaffIds", "ola"));
        var html = await anna.GetStringAsync("/admin/contoso/services/edit");
        form.Add(new("__RequestVerificationToken", AdminClients.AntiforgeryToken(html)));
        form.Add(new("Form.Version", (await Store.GetMailboxBySlugAsync("contoso"))!.Version));
        var saved = await anna.PostAsync("/admin/contoso/services/edit", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);

        var s = (await DocAsync()).FindService("online-review")!;
        Assert.Equal("We look at your plan together.", s.Description);
        Assert.Equal("Prepare the checklist.", s.Notes);
        Assert.Equal(TimeSpan.FromHours(2), s.DefaultDuration);
        Assert.Equal(99.5m, s.DefaultPrice);
        Assert.Equal(PriceType.StartingAt, s.DefaultPriceType);
        Assert.Equal(TimeSpan.FromMinutes(10), s.PreBuffer);
        Assert.Equal(TimeSpan.FromMinutes(15), s.PostBuffer);
        Assert.True(s.IsHiddenFromCustomers);
        Assert.True(s.IsLocationOnline);
        Assert.Equal("https://meet.jit.si/contoso-{appointmentId}", s.OnlineMeetingUrlTemplate);
        Assert.False(s.IsCustomerAllowedToManageBooking);
        Assert.False(s.CustomerEmailRequired);
        Assert.False(s.SmsNotificationsEnabled);
        Assert.Equal(["piotr", "ola"], s.StaffMemberIds);
        Assert.Null(s.SchedulingPolicy);
        Assert.Collection(s.CustomQuestions,
            q => { Assert.Equal("topic", q.QuestionId); Assert.False(q.IsRequired); },
            q => { Assert.Equal("level", q.QuestionId); Assert.True(q.IsRequired); });
        var reminder = Assert.Single(s.Reminders);
        Assert.Equal(TimeSpan.FromDays(1), reminder.Offset);
        Assert.Equal(BookingReminderRecipients.Customer, reminder.Recipients);
        Assert.Equal("Bring your plan.", reminder.Message);
        Assert.Equal(TimeSpan.FromHours(3), s.FollowUp!.Offset);
        Assert.Equal("How did it go?", s.FollowUp.Message);

        // Hidden: not on the booking page; the list shows its badges.
        using var visitor = AdminClients.Anonymous(_factory);
        Assert.DoesNotContain("Online review", await visitor.GetStringAsync("/book/contoso"));
        var list = await anna.GetStringAsync("/admin/contoso/services");
        Assert.Contains("hidden", list);
        Assert.Contains("online", list);
        Assert.Contains("from 99.5 PLN", list);

        // The form shows it back: durations as number and unit, never ISO text.
        var edit = await anna.GetStringAsync("/admin/contoso/services/edit/online-review");
        Assert.Contains("id=\"Form_Duration_Value\" name=\"Form.Duration.Value\" type=\"number\" min=\"0\" max=\"10000\" step=\"1\" inputmode=\"numeric\" value=\"2\"", edit);
        Assert.Contains("<option value=\"hours\" selected=\"selected\">", edit);
        Assert.Contains("Bring your plan.", edit);
        Assert.Contains("How did it go?", edit);
        Assert.Contains("Prepare the checklist.", edit);
        Assert.DoesNotContain("PT2H", edit);

        // Everything off again: the values go back.
        var cleared = await SubmitAsync(anna, "/admin/contoso/services/edit/online-review", new Dictionary<string, string>
        {
            ["Form.Name"] = "Online review",
            ["Form.Duration.Value"] = "1",
            ["Form.Duration.Unit"] = "days",
            ["Form.Seats"] = "1",
            ["Form.PriceType"] = "Free",
            ["Form.Reminders[0].Offset.Value"] = "1",
            ["Form.Reminders[0].Offset.Unit"] = "days",
            ["Form.Reminders[0].Remove"] = "true",
        });
        Assert.Equal(HttpStatusCode.SeeOther, cleared.StatusCode);
        s = (await DocAsync()).FindService("online-review")!;
        Assert.Equal(TimeSpan.FromDays(1), s.DefaultDuration);
        Assert.Null(s.Description);
        Assert.False(s.IsHiddenFromCustomers);
        Assert.False(s.IsLocationOnline);
        Assert.Null(s.OnlineMeetingUrlTemplate);
        Assert.Empty(s.StaffMemberIds);
        Assert.Empty(s.CustomQuestions);
        Assert.Empty(s.Reminders);
        Assert.Null(s.FollowUp);
        var audit = await Store.ListAuditAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100);
        Assert.Contains(audit, e => e.Action == "service.update" && e.Target == "online-review");
    }

    [Fact]
    public async Task AGroupServiceWithFiveSeats()
    {
        using var anna = await AnnaAsync();
        var fields = NewService("Yoga class");
        fields["Form.Seats"] = "5";
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit", fields)).StatusCode);
        var s = (await DocAsync()).FindService("yoga-class")!;
        Assert.Equal(5, s.MaximumAttendeesCount);
        Assert.True(s.IsGroup);
        Assert.Contains("<td class=\"num\">5</td>", await anna.GetStringAsync("/admin/contoso/services"));
    }

    [Fact]
    public async Task RemindersAreAddedAndRemoved()
    {
        using var anna = await AnnaAsync();
        var fields = NewService("Check-up");
        fields["Form.Reminders[0].Offset.Value"] = "1";
        fields["Form.Reminders[0].Offset.Unit"] = "days";
        fields["Form.Reminders[0].Recipients"] = "AllAttendees";
        fields["Form.Reminders[0].Message"] = "See you tomorrow.";
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit", fields)).StatusCode);
        Assert.Single((await DocAsync()).FindService("check-up")!.Reminders);

        // The form shows the reminder and one empty row; fill the empty row to add a second.
        var edit = await anna.GetStringAsync("/admin/contoso/services/edit/check-up");
        Assert.Contains("name=\"Form.Reminders[1].Offset.Value\"", edit);
        Assert.DoesNotContain("name=\"Form.Reminders[2].Offset.Value\"", edit);
        fields["Form.Reminders[1].Offset.Value"] = "2";
        fields["Form.Reminders[1].Offset.Unit"] = "hours";
        fields["Form.Reminders[1].Recipients"] = "Staff";
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit/check-up", fields)).StatusCode);
        var reminders = (await DocAsync()).FindService("check-up")!.Reminders;
        Assert.Equal(2, reminders.Count);
        Assert.Equal(TimeSpan.FromHours(2), reminders[1].Offset);
        Assert.Equal(BookingReminderRecipients.Staff, reminders[1].Recipients);

        // Remove the first.
        fields["Form.Reminders[0].Remove"] = "true";
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit/check-up", fields)).StatusCode);
        var left = Assert.Single((await DocAsync()).FindService("check-up")!.Reminders);
        Assert.Equal(TimeSpan.FromHours(2), left.Offset);

        // An out-of-range reminder is refused next to its row.
        fields.Remove("Form.Reminders[0].Remove");
        fields["Form.Reminders[0].Offset.Value"] = "100";
        var bad = await SubmitAsync(anna, "/admin/contoso/services/edit/check-up", fields);
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Contains("id=\"Form_Reminders_0_-error\"", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheServicesOwnSchedulingRulesAreTurnedOnAndOff()
    {
        using var anna = await AnnaAsync();
        var fields = NewService("Express");
        fields["Form.OwnPolicy"] = "true";
        fields["Form.Interval.Value"] = "15";
        fields["Form.Interval.Unit"] = "minutes";
        fields["Form.MinimumLead.Value"] = "0";
        fields["Form.MinimumLead.Unit"] = "minutes";
        fields["Form.MaximumAdvance.Value"] = "14";
        fields["Form.MaximumAdvance.Unit"] = "days";
        fields["Form.AllowStaffSelection"] = "false";
        fields["Form.SendConfirmationsToOwner"] = "true";
        fields["Form.MeetingInvite"] = "true";
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit", fields)).StatusCode);
        var policy = (await DocAsync()).FindService("express")!.SchedulingPolicy!;
        Assert.Equal(TimeSpan.FromMinutes(15), policy.TimeSlotInterval);
        Assert.Equal(TimeSpan.Zero, policy.MinimumLeadTime);
        Assert.Equal(TimeSpan.FromDays(14), policy.MaximumAdvance);
        Assert.False(policy.AllowStaffSelection);
        Assert.True(policy.SendConfirmationsToOwner);
        Assert.True(policy.IsMeetingInviteToCustomersEnabled);
        Assert.Contains("own rules", await anna.GetStringAsync("/admin/contoso/services"));

        // A lead time too close to the maximum is refused.
        fields["Form.MinimumLead.Value"] = "14";
        fields["Form.MinimumLead.Unit"] = "days";
        var bad = await SubmitAsync(anna, "/admin/contoso/services/edit/express", fields);
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Contains("at least 24 hours", await bad.Content.ReadAsStringAsync());

        fields.Remove("Form.OwnPolicy");
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit/express", fields)).StatusCode);
        Assert.Null((await DocAsync()).FindService("express")!.SchedulingPolicy);
    }

    [Fact]
    public async Task AQuestionAddedAssignedAndRequiredIsOnTheBookingForm()
    {
        using var anna = await AnnaAsync();
        var added = await SubmitAsync(anna, "/admin/contoso/services/questions", new Dictionary<string, string>
        {
            ["Form.Text"] = "Preferred language",
            ["Form.Type"] = "RadioButton",
            ["Form.Options"] = "Polish\r\nEnglish\r\n",
            ["Form.Version"] = (await Store.GetMailboxBySlugAsync("contoso"))!.Version,
        });
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        var q = (await DocAsync()).CustomQuestions.Single(c => c.Id == "preferred-language");
        Assert.Equal(AnswerInputType.RadioButton, q.AnswerInputType);
        Assert.Equal(["Polish", "English"], q.AnswerOptions);

        // Assign it to the consultation, required (keeping the consultation's other settings).
        var fields = NewService("Consultation");
        fields["Form.Duration.Value"] = "30";
        fields["Form.Price"] = "120";
        fields["Form.Questions[0].Id"] = "topic";
        fields["Form.Questions[1].Id"] = "level";
        fields["Form.Questions[2].Id"] = "preferred-language";
        fields["Form.Questions[2].Assigned"] = "true";
        fields["Form.Questions[2].Required"] = "true";
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit/consult", fields)).StatusCode);

        using var visitor = AdminClients.Anonymous(_factory);
        var booking = await visitor.GetStringAsync("/book/contoso/consult?start=20261201T0900Z");
        Assert.Contains("Preferred language", booking);
        Assert.Contains("name=\"answers[preferred-language]\" value=\"English\" required=\"required\"", booking);

        // Edit the question's text, then delete it: it leaves the service too.
        var edited = await SubmitAsync(anna, "/admin/contoso/services/questions?edit=preferred-language", new Dictionary<string, string>
        {
            ["Form.Text"] = "Language of the meeting",
            ["Form.Type"] = "RadioButton",
            ["Form.Options"] = "Polish\nEnglish\nGerman",
            ["Form.Version"] = (await Store.GetMailboxBySlugAsync("contoso"))!.Version,
        });
        Assert.Equal(HttpStatusCode.SeeOther, edited.StatusCode);
        Assert.Equal("Language of the meeting", (await DocAsync()).CustomQuestions.Single(c => c.Id == "preferred-language").DisplayName);

        var deleted = await SubmitAsync(anna, "/admin/contoso/services/questions?handler=Delete", new Dictionary<string, string>
        {
            ["id"] = "preferred-language",
            ["version"] = (await Store.GetMailboxBySlugAsync("contoso"))!.Version,
        });
        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        var doc = await DocAsync();
        Assert.DoesNotContain(doc.CustomQuestions, c => c.Id == "preferred-language");
        Assert.DoesNotContain(doc.FindService("consult")!.CustomQuestions, c => c.QuestionId == "preferred-language");
        Assert.DoesNotContain("Language of the meeting", await visitor.GetStringAsync("/book/contoso/consult?start=20261201T0900Z"));

        var audit = await Store.ListAuditAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100);
        Assert.Contains(audit, e => e.Action == "question.create" && e.Target == "preferred-language");
        Assert.Contains(audit, e => e.Action == "question.update");
        Assert.Contains(audit, e => e.Action == "question.delete");

        // A choice question with one answer is refused.
        var bad = await SubmitAsync(anna, "/admin/contoso/services/questions", new Dictionary<string, string>
        {
            ["Form.Text"] = "Pick",
            ["Form.Type"] = "RadioButton",
            ["Form.Options"] = "Only",
            ["Form.Version"] = (await Store.GetMailboxBySlugAsync("contoso"))!.Version,
        });
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Contains("at least two answers", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeleteIsRefusedWhileTheServiceIsBookedAndAllowedOtherwise()
    {
        using var api = AdminClients.Anonymous(_factory);
        var booked = await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name = "Jan Kowalski", email = "jan@example.com" },
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        using var anna = await AnnaAsync();
        var refused = await SubmitAsync(anna, "/admin/contoso/services?handler=Delete", new Dictionary<string, string> { ["id"] = "consult" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("has 1 booked appointment(s) to come", html);
        Assert.NotNull((await DocAsync()).FindService("consult"));

        var refusedPl = await SubmitAsync(anna, "/admin/contoso/services?handler=Delete&lang=pl", new Dictionary<string, string> { ["id"] = "consult" });
        Assert.Contains("ma nadchodzące zarezerwowane wizyty (1)", await refusedPl.Content.ReadAsStringAsync());

        var removed = await SubmitAsync(anna, "/admin/contoso/services?handler=Delete", new Dictionary<string, string> { ["id"] = "workshop" });
        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        Assert.Null((await DocAsync()).FindService("workshop"));
        var audit = await Store.ListAuditAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100);
        Assert.Contains(audit, e => e.Action == "service.delete" && e.Target == "workshop");

        Assert.Equal(HttpStatusCode.NotFound, (await SubmitAsync(anna, "/admin/contoso/services?handler=Delete", new Dictionary<string, string> { ["id"] = "nope" })).StatusCode);
    }

    [Theory]
    [InlineData("Form.Name", "", "Give the service a name.")]
    [InlineData("Form.Duration.Value", "0", "The duration must be")]
    [InlineData("Form.Seats", "0", "Seats must be a whole number")]
    [InlineData("Form.MeetingUrl", "javascript:alert(1)", "The meeting link must be")]
    [InlineData("Form.Price", "-5", "The price is a number")]
    [InlineData("Form.Sms", "true", "SMS needs the countries it may go to")]
    [InlineData("Form.PreBuffer.Value", "2000", "A buffer is a whole number")]
    public async Task InvalidFieldsGive422AndSaveNothing(string field, string value, string message)
    {
        using var anna = await AnnaAsync();
        var before = (await Store.GetMailboxBySlugAsync("contoso"))!.Version;
        var fields = NewService("Will not be saved");
        fields["Form.Description"] = "Kept on error";
        fields[field] = value;
        var response = await SubmitAsync(anna, "/admin/contoso/services/edit", fields);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html);
        Assert.Contains("class=\"error\"", html);
        Assert.Contains("Kept on error", html);
        Assert.Equal(before, (await Store.GetMailboxBySlugAsync("contoso"))!.Version);
    }

    [Fact]
    public async Task ValidationMessagesAndThePageAreInPolish()
    {
        using var anna = await AnnaAsync();
        var fields = NewService("");
        var response = await SubmitAsync(anna, "/admin/contoso/services/edit?lang=pl", fields);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Podaj nazwę usługi.", html);
        Assert.Contains("Nowa usługa", html);
        Assert.Contains("Czas trwania", html);
        var list = await anna.GetStringAsync("/admin/contoso/services?lang=pl");
        Assert.Contains("Usługi", list);
        Assert.Contains("120 PLN", list);
        Assert.Contains("bezpłatnie", list);
        Assert.Contains("Pytania do klientów", await anna.GetStringAsync("/admin/contoso/services/questions?lang=pl"));
    }

    [Fact]
    public async Task AStaleVersionGives409()
    {
        using var anna = await AnnaAsync();
        var html = await anna.GetStringAsync("/admin/contoso/services/edit/consult");
        var stale = System.Text.RegularExpressions.Regex.Match(html, "name=\"Form.Version\" value=\"([^\"]*)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit", NewService("Someone else's"))).StatusCode);

        var fields = NewService("Consultation renamed");
        fields["Form.Version"] = stale;
        var response = await SubmitAsync(anna, "/admin/contoso/services/edit/consult", fields);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Someone else changed this calendar", await response.Content.ReadAsStringAsync());
        Assert.Equal("Consultation", (await DocAsync()).FindService("consult")!.DisplayName);
    }

    [Theory]
    [InlineData("piotr@contoso.example", null)]
    [InlineData("viewer@contoso.example", StaffRole.Viewer)]
    [InlineData("scheduler@contoso.example", StaffRole.Scheduler)]
    public async Task OthersSeeTheServicesReadOnlyAndCannotChangeThem(string email, StaffRole? role)
    {
        if (role is { } r) await AddStaffAsync(email.Split('@')[0], email, r);
        using var client = await AdminClients.SignedInAsync(_factory, email);
        var list = await client.GetAsync("/admin/contoso/services");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listHtml = await list.Content.ReadAsStringAsync();
        Assert.Contains("Consultation", listHtml);
        Assert.DoesNotContain("handler=Delete", listHtml);
        Assert.DoesNotContain("/admin/contoso/services/edit\"", listHtml);

        var edit = await client.GetStringAsync("/admin/contoso/services/edit/consult");
        Assert.Contains("<fieldset class=\"all\" disabled=\"disabled\">", edit);
        Assert.DoesNotContain("type=\"submit\">Save", edit);
        var questions = await client.GetStringAsync("/admin/contoso/services/questions");
        Assert.Contains("Your experience level", questions);
        Assert.DoesNotContain("Add the question", questions);

        var token = AdminClients.AntiforgeryToken(edit);
        var post = await client.PostAsync("/admin/contoso/services/edit/consult", new FormUrlEncodedContent(
            [.. NewService("Taken over"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var delete = await client.PostAsync("/admin/contoso/services?handler=Delete", new FormUrlEncodedContent(
            [new("id", "workshop"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        var question = await client.PostAsync("/admin/contoso/services/questions", new FormUrlEncodedContent(
            [new("Form.Text", "Sneaky"), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, question.StatusCode);
        Assert.Equal("Consultation", (await DocAsync()).FindService("consult")!.DisplayName);
        Assert.NotNull((await DocAsync()).FindService("workshop"));
    }

    [Fact]
    public async Task AStrangerGets404AndAnUnknownServiceIs404()
    {
        using var stranger = await AdminClients.SignedInAsync(_factory, "someone@else.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso/services")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso/services/edit/consult")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso/services/questions")).StatusCode);

        using var anna = await AnnaAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/contoso/services/edit/no-such-service")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/contoso/services/questions?edit=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/elsewhere/services")).StatusCode);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIs400()
    {
        using var anna = await AnnaAsync();
        var response = await anna.PostAsync("/admin/contoso/services/edit", new FormUrlEncodedContent(NewService("No token")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var delete = await anna.PostAsync("/admin/contoso/services?handler=Delete", new FormUrlEncodedContent([new("id", "workshop")]));
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.NotNull((await DocAsync()).FindService("workshop"));
    }

    [Fact]
    public async Task AHostileServiceNameIsEncoded()
    {
        using var anna = await AnnaAsync();
        var fields = NewService("<script>alert(\"x\")</script>");
        fields["Form.Reminders[0].Offset.Value"] = "1";
        fields["Form.Reminders[0].Offset.Unit"] = "hours";
        fields["Form.Reminders[0].Message"] = "</textarea><script>bad()</script>";
        Assert.Equal(HttpStatusCode.SeeOther, (await SubmitAsync(anna, "/admin/contoso/services/edit", fields)).StatusCode);
        var s = (await DocAsync()).Services.Single(x => x.DisplayName.StartsWith("<script>", StringComparison.Ordinal));
        Assert.Equal("script-alert-x-script", s.Id);
        var list = await anna.GetStringAsync("/admin/contoso/services");
        Assert.DoesNotContain("<script>alert", list);
        Assert.Contains("&lt;script&gt;", list);
        var edit = await anna.GetStringAsync("/admin/contoso/services/edit/" + s.Id);
        Assert.DoesNotContain("<script>", edit);
    }
}
