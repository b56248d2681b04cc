using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin.Calendar;

/// <summary>
/// The consolidated view, the staff calendar, appointments (create, move, reassign, cancel) and customers, on the real app.
/// Now is Monday 2026-11-30 09:00 in Warsaw; the ISO week runs to Sunday 6 December.
/// </summary>
public sealed class CalendarPagesTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public CalendarPagesTests() => _factory.Settings["Workers:Enabled"] = "false"; // keep messages in the outbox

    public void Dispose() => _factory.Dispose();

    private IBookingStore Store => _factory.Services.GetRequiredService<IBookingStore>();

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    private async Task<Mailbox> MailboxAsync(string slug = "contoso") => (await Store.GetMailboxBySlugAsync(slug))!;

    /// <summary>Books through the public API; answers the appointment id.</summary>
    private async Task<string> BookAsync(string start, string name, string? email = null, string service = "consult", string staff = "anna",
        string slug = "contoso")
    {
        using var api = AdminClients.Anonymous(_factory);
        object body = service == "workshop"
            ? new { serviceId = service, staffId = staff, start, customer = new { name, email = email ?? "someone@example.com" }, answers = new Dictionary<string, string> { ["level"] = "Beginner" } }
            : new { serviceId = service, staffId = staff, start, customer = new { name, email = email ?? "someone@example.com" } };
        var response = await api.PostAsJsonAsync($"/api/v1/calendars/{slug}/appointments", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A copy of the demo calendar under another slug; with <paramref name="staffDomain"/> its staff have other addresses.</summary>
    private async Task<Mailbox> AddCalendarAsync(string slug, string name, string? staffDomain = null)
    {
        var doc = CalendarJson.Clone((await MailboxAsync()).Document);
        doc.Slug = slug;
        doc.Id = slug + "@bookings.local";
        doc.DisplayName = name;
        if (staffDomain is not null)
            foreach (var s in doc.StaffMembers) s.EmailAddress = $"{s.Id}@{staffDomain}";
        return await Store.CreateMailboxAsync(doc);
    }

    private async Task AddStaffAsync(string id, string email, StaffRole role)
    {
        var mailbox = await MailboxAsync();
        mailbox.Document.StaffMembers.Add(new BookingStaffMember { Id = id, DisplayName = id, EmailAddress = email, Role = role });
        await Store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
    }

    /// <summary>Gets <paramref name="page"/> for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string action, params (string Key, string Value)[] fields) =>
        AdminClients.PostFormAsync(client, page, action, fields);

    private async Task<Appointment> AppointmentAsync(string id) => (await Store.GetAppointmentAsync((await MailboxAsync()).Id, id))!;

    private async Task<IReadOnlyList<string>> AuditActionsAsync(string slug = "contoso") =>
        [.. (await Store.ListAuditAsync((await MailboxAsync(slug)).Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), 100))
            .Select(e => e.Action)];

    [Fact]
    public async Task TheConsolidatedViewShowsTodayAndThisWeekOfEveryCalendarWithARoleOnly()
    {
        await AddCalendarAsync("fabrikam", "Fabrikam Studio");                     // anna is its administrator too
        await AddCalendarAsync("northwind", "Northwind Clinic", "northwind.example"); // anna has no role there
        await BookAsync("2026-11-30T14:00:00+01:00", "Jan Today");
        await BookAsync("2026-12-02T10:00:00+01:00", "Ewa Midweek", staff: "piotr");
        await BookAsync("2026-12-08T10:00:00+01:00", "Nina NextWeek");
        await BookAsync("2026-12-03T11:00:00+01:00", "Olga Fabrikam", slug: "fabrikam");
        await BookAsync("2026-11-30T15:00:00+01:00", "Hidden Northwind", slug: "northwind");

        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await anna.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var week = html.IndexOf("id=\"week\"", StringComparison.Ordinal);
        Assert.True(week > 0);
        var today = html[..week];
        Assert.Contains("Jan Today", today);
        Assert.DoesNotContain("Ewa Midweek", today);
        var thisWeek = html[week..];
        foreach (var name in new[] { "Jan Today", "Ewa Midweek", "Olga Fabrikam" }) Assert.Contains(name, thisWeek);
        Assert.Contains("Fabrikam Studio", thisWeek);
        Assert.Contains("Piotr Nowak", thisWeek);
        Assert.Contains("14:00–14:30", today);
        Assert.DoesNotContain("Nina NextWeek", html);
        Assert.DoesNotContain("Hidden Northwind", html);
        Assert.DoesNotContain("Northwind Clinic", html);
        Assert.Contains("/admin/fabrikam", html);
        Assert.Contains("/admin/new", html); // everyone may create calendars by default
        Assert.DoesNotContain("/admin/tenant", html);

        using var boss = await SignedInAsync("boss@contoso.example", tenantAdmin: true);
        var bossHome = await boss.GetStringAsync("/admin");
        Assert.Contains("Hidden Northwind", bossHome);
        Assert.Contains("/admin/tenant", bossHome);
        Assert.Contains("/admin/audit", bossHome);
    }

    [Fact]
    public async Task BookingsOffForTheTenantShowsABilingualMessage()
    {
        _factory.Settings["Tenant:Enabled"] = "false";
        using var stranger = await SignedInAsync("someone@else.example");
        var html = await stranger.GetStringAsync("/admin");
        Assert.Contains("Bookings is turned off", html);
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.AcceptLanguage.ParseAdd("pl");
        Assert.Contains("Bookings jest wyłączony", await (await stranger.SendAsync(request)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheOverviewShowsTodayTheWeekAndTheLinks()
    {
        await BookAsync("2026-11-30T14:00:00+01:00", "Jan Today");
        await BookAsync("2026-12-04T10:00:00+01:00", "Fred Friday");
        using var anna = await SignedInAsync("anna@contoso.example");
        var html = await anna.GetStringAsync("/admin/contoso");
        Assert.Contains("Jan Today", html);
        Assert.Contains("Fred Friday", html);
        Assert.Contains("/admin/contoso/clone", html);
        Assert.Contains("/book/contoso", html);
        Assert.Contains("Published", html);

        using var piotr = await SignedInAsync("piotr@contoso.example");
        var his = await piotr.GetStringAsync("/admin/contoso");
        Assert.DoesNotContain("/admin/contoso/clone", his);
        using var stranger = await SignedInAsync("someone@else.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso")).StatusCode);
    }

    [Fact]
    public async Task DayWeekAndMonthViewsShowABookingMadeThroughThePublicApi()
    {
        var id = await BookAsync("2026-12-01T10:00:00+01:00", "Zofia Public", staff: "piotr");
        var mailbox = await MailboxAsync();
        await Store.AddTimeOffAsync(new TimeOff("to-1", mailbox.Id, "maria", new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), new(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), "Training"));
        using var anna = await SignedInAsync("anna@contoso.example");

        var day = await anna.GetStringAsync("/admin/contoso/calendar?view=day&date=2026-12-01");
        Assert.Contains("Zofia Public", day);
        Assert.Contains($"/admin/contoso/appointments/{id}", day);
        Assert.Contains("10:00–10:30", day);
        Assert.Contains("Europe/Warsaw", day);
        Assert.Contains("Time off: Maria Wiśniewska", System.Net.WebUtility.HtmlDecode(day));
        Assert.Contains("<th scope=\"col\">Piotr Nowak</th>", day);
        Assert.Contains("<caption>", day);

        foreach (var view in new[] { "week", "month" })
        {
            var html = await anna.GetStringAsync($"/admin/contoso/calendar?view={view}&date=2026-12-01");
            Assert.Contains($"/admin/contoso/appointments/{id}", html);
        }
        Assert.Contains("Zofia Public", await anna.GetStringAsync("/admin/contoso/calendar?view=week&date=2026-12-03"));
        Assert.Contains("/admin/contoso/appointments/new", day);

        var marias = await anna.GetStringAsync("/admin/contoso/calendar?view=week&date=2026-12-01&staff=maria");
        Assert.DoesNotContain("Zofia Public", marias);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/contoso/calendar?staff=nobody")).StatusCode);
        Assert.DoesNotContain("Zofia Public", await anna.GetStringAsync("/admin/contoso/calendar?view=day&date=2026-12-02"));
    }

    [Theory]
    [InlineData("day", "0001-01-01")]
    [InlineData("day", "9999-12-31")]
    [InlineData("week", "0001-01-01")]
    [InlineData("week", "9999-12-31")]
    [InlineData("month", "0001-01-01")]
    [InlineData("month", "9999-12-31")]
    public async Task ADateAtEitherEndOfTimeIsABadRequestThatSaysWhichDatesTheCalendarShows(string view, string date)
    {
        using var anna = await SignedInAsync("anna@contoso.example");

        var english = await anna.GetAsync($"/admin/contoso/calendar?view={view}&date={date}");
        var polish = await anna.GetAsync($"/admin/contoso/calendar?view={view}&date={date}&lang=pl");

        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        var html = await english.Content.ReadAsStringAsync();
        Assert.Contains($"The calendar has no {date}: pick a date from 2000-01-01 to 2200-12-31.", html);
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("value=\"2026-11-30\"", html); // and it shows today instead
        Assert.Equal(HttpStatusCode.BadRequest, polish.StatusCode);
        Assert.Contains($"Kalendarz nie obejmuje dnia {date}: wybierz datę od 2000-01-01 do 2200-12-31.", await polish.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Email", "walk.in@example.com\n", "This is not a valid email address.")]
    [InlineData("Phone", "+48 600 100 200\n", "This is not a valid phone number.")]
    public async Task AnAppointmentMadeByStaffRefusesAControlCharacterInTheCustomersAddress(string field, string value, string message)
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        const string page = "/admin/contoso/appointments/new";
        var fields = new Dictionary<string, string>
        {
            ["ServiceId"] = "consult",
            ["StaffId"] = "piotr",
            ["Date"] = "2026-12-01",
            ["StartTime"] = "10:00",
            ["Name"] = "Walk In",
            ["Email"] = "walk.in@example.com",
            [field] = value,
        };
        var refused = await PostAsync(anna, page, page, [.. fields.Select(f => (f.Key, f.Value))]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(message, await refused.Content.ReadAsStringAsync());
        Assert.Empty(await Store.ListCustomersAsync((await MailboxAsync()).Id));
    }

    [Fact]
    public async Task AnAdministratorCreatesInsideTheLeadTimeButNeverDoubleBooks()
    {
        using var anna = await SignedInAsync("anna@contoso.example");
        const string page = "/admin/contoso/appointments/new";
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync(page)).StatusCode);
        // 09:30 today is inside the two-hour minimum lead time: allowed to staff.
        var created = await PostAsync(anna, page, page, ("ServiceId", "consult"), ("StaffId", "piotr"), ("Date", "2026-11-30"), ("StartTime", "09:30"),
            ("Name", "Walk In"), ("Email", "walk.in@example.com"), ("Phone", ""), ("Notes", "At the desk"));
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/contoso/appointments/apt-", location);
        var id = location.Split('/')[^1].Split('?')[0];
        var appointment = await AppointmentAsync(id);
        Assert.Equal("piotr", appointment.StaffId);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero), appointment.Start);
        var detail = await anna.GetStringAsync(location);
        Assert.Contains("Walk In", detail);
        Assert.Contains("At the desk", detail);
        var mailbox = await MailboxAsync();
        Assert.Contains((await Store.ListOutboxAsync(mailbox.Id)), m => m.Kind == NotificationKinds.BookingCustomer);
        Assert.Contains("appointment.create", await AuditActionsAsync());

        var customers = (await Store.ListCustomersAsync(mailbox.Id)).Count;
        var outbox = (await Store.ListOutboxAsync(mailbox.Id)).Count;
        var twice = await PostAsync(anna, page, page, ("ServiceId", "consult"), ("StaffId", "piotr"), ("Date", "2026-11-30"), ("StartTime", "09:30"),
            ("Name", "Second Try"), ("Email", "second@example.com"));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("not free", await twice.Content.ReadAsStringAsync());
        Assert.Contains("Second Try", await twice.Content.ReadAsStringAsync()); // the form keeps its values
        Assert.Single(await Store.ListAppointmentsAsync(mailbox.Id, appointment.Start, appointment.End));
        Assert.Equal(customers, (await Store.ListCustomersAsync(mailbox.Id)).Count);
        Assert.Equal(outbox, (await Store.ListOutboxAsync(mailbox.Id)).Count);

        var missingName = await PostAsync(anna, page, page, ("ServiceId", "consult"), ("StaffId", "maria"), ("Date", "2026-12-01"), ("StartTime", "12:00"), ("Name", ""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missingName.StatusCode);
        Assert.Contains("Enter the customer", await missingName.Content.ReadAsStringAsync());
        var past = await PostAsync(anna, page, page, ("ServiceId", "consult"), ("StaffId", "maria"), ("Date", "2026-11-29"), ("StartTime", "12:00"), ("Name", "Late"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);

        await Store.AddTimeOffAsync(new TimeOff("to-2", mailbox.Id, "maria", new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero), null));
        var off = await PostAsync(anna, page, page, ("ServiceId", "consult"), ("StaffId", "maria"), ("Date", "2026-12-02"), ("StartTime", "10:00"), ("Name", "On Leave"));
        Assert.Equal(HttpStatusCode.Conflict, off.StatusCode);
        Assert.Contains("is off", await off.Content.ReadAsStringAsync());
        // Outside the working hours (a Saturday evening) is allowed to staff.
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(anna, page, page, ("ServiceId", "consult"), ("StaffId", "maria"), ("Date", "2026-12-05"),
            ("StartTime", "19:00"), ("Name", "Saturday Evening"))).StatusCode);
        Assert.Equal(customers + 1, (await Store.ListCustomersAsync(mailbox.Id)).Count);
    }

    [Fact]
    public async Task MoveAndReassignChangeTheAppointmentTellEveryoneAndAreAudited()
    {
        var id = await BookAsync("2026-12-01T10:00:00+01:00", "Mira Mover");
        var taken = await BookAsync("2026-12-03T10:00:00+01:00", "Other Customer", staff: "piotr");
        using var anna = await SignedInAsync("anna@contoso.example");
        var page = $"/admin/contoso/appointments/{id}";

        var moved = await PostAsync(anna, page, page + "?handler=Move", ("MoveDate", "2026-12-02"), ("MoveTime", "11:00"), ("Staff", "anna"));
        Assert.Equal(HttpStatusCode.SeeOther, moved.StatusCode);
        var after = await AppointmentAsync(id);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), after.Start);
        Assert.Equal("anna", after.StaffId);
        Assert.Contains("moved", await anna.GetStringAsync(moved.Headers.Location!.OriginalString));

        var reassigned = await PostAsync(anna, page, page + "?handler=Reassign", ("Staff", "maria"));
        Assert.Equal(HttpStatusCode.SeeOther, reassigned.StatusCode);
        after = await AppointmentAsync(id);
        Assert.Equal("maria", after.StaffId);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), after.Start);

        var outbox = await Store.ListOutboxAsync((await MailboxAsync()).Id);
        Assert.True(outbox.Count(m => m.Kind == NotificationKinds.RescheduleCustomer) >= 2);
        Assert.Contains(outbox, m => m.Kind == NotificationKinds.RescheduleStaff);
        var audit = await AuditActionsAsync();
        Assert.Contains("appointment.move", audit);
        Assert.Contains("appointment.reassign", audit);

        // Onto Piotr's booked time: refused, nothing changes.
        var conflict = await PostAsync(anna, page, page + "?handler=Move", ("MoveDate", "2026-12-03"), ("MoveTime", "10:00"), ("Staff", "piotr"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("not free", await conflict.Content.ReadAsStringAsync());
        Assert.Equal("maria", (await AppointmentAsync(id)).StaffId);
        Assert.Equal("piotr", (await AppointmentAsync(taken)).StaffId);
    }

    [Fact]
    public async Task CancelOneSeatOfAGroupThenTheWholeAppointment()
    {
        var id = await BookAsync("2026-12-02T10:00:00+01:00", "Gosia Group", "gosia@example.com", service: "workshop");
        Assert.Equal(id, await BookAsync("2026-12-02T10:00:00+01:00", "Henryk Group", "henryk@example.com", service: "workshop"));
        var appointment = await AppointmentAsync(id);
        Assert.Equal(2, appointment.SeatsTaken);
        using var anna = await SignedInAsync("anna@contoso.example");
        var page = $"/admin/contoso/appointments/{id}";

        var one = await PostAsync(anna, page, page + "?handler=Cancel", ("attendee", appointment.Attendees[0].Id));
        Assert.Equal(HttpStatusCode.SeeOther, one.StatusCode);
        appointment = await AppointmentAsync(id);
        Assert.Equal(AppointmentStatus.Booked, appointment.Status);
        Assert.Equal(AttendeeStatus.Cancelled, appointment.Attendees[0].Status);
        Assert.Equal(1, appointment.SeatsTaken);

        var all = await PostAsync(anna, page, page + "?handler=Cancel");
        Assert.Equal(HttpStatusCode.SeeOther, all.StatusCode);
        appointment = await AppointmentAsync(id);
        Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
        Assert.Equal(2, (await Store.ListOutboxAsync((await MailboxAsync()).Id)).Count(m => m.Kind == NotificationKinds.CancellationCustomer));
        Assert.Equal(2, (await AuditActionsAsync()).Count(a => a == "appointment.cancel"));
        var html = await anna.GetStringAsync(page);
        Assert.Contains("Cancelled", html);
        Assert.DoesNotContain("handler=Cancel", html);
    }

    [Fact]
    public async Task ATeamMemberActsOnlyOnTheirOwnAppointments()
    {
        var his = await BookAsync("2026-12-01T10:00:00+01:00", "Piotr Customer", "pc@example.com", staff: "piotr");
        var hers = await BookAsync("2026-12-01T11:00:00+01:00", "Maria Customer", "mc@example.com", staff: "maria");
        using var piotr = await SignedInAsync("piotr@contoso.example");

        // Sees Maria's appointment (names only), cannot act on it.
        var herPage = $"/admin/contoso/appointments/{hers}";
        var herHtml = await piotr.GetStringAsync(herPage);
        Assert.Contains("Maria Customer", herHtml);
        Assert.DoesNotContain("mc@example.com", herHtml);
        Assert.DoesNotContain("handler=Cancel", herHtml);
        var hisPage = $"/admin/contoso/appointments/{his}"; // a page with his forms, for the antiforgery token
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(piotr, hisPage, herPage + "?handler=Cancel")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(piotr, hisPage, herPage + "?handler=Move", ("MoveDate", "2026-12-01"), ("MoveTime", "13:00"))).StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(hers)).Status);

        // Moves and cancels his own; cannot hand it to someone else.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(piotr, hisPage, hisPage + "?handler=Reassign", ("Staff", "maria"))).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(piotr, hisPage, hisPage + "?handler=Move", ("MoveDate", "2026-12-01"), ("MoveTime", "14:00"))).StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero), (await AppointmentAsync(his)).Start);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(piotr, hisPage, hisPage + "?handler=Cancel")).StatusCode);
        Assert.Equal(AppointmentStatus.Cancelled, (await AppointmentAsync(his)).Status);

        // Creates for himself only.
        const string page = "/admin/contoso/appointments/new";
        var form = await piotr.GetStringAsync(page);
        Assert.DoesNotContain("value=\"maria\"", form);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(piotr, page, page, ("ServiceId", "consult"), ("StaffId", "maria"), ("Date", "2026-12-04"),
            ("StartTime", "10:00"), ("Name", "For Maria"))).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(piotr, page, page, ("ServiceId", "consult"), ("StaffId", "piotr"), ("Date", "2026-12-04"),
            ("StartTime", "10:00"), ("Name", "For Piotr"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await piotr.GetAsync("/admin/contoso/customers")).StatusCode);
    }

    [Fact]
    public async Task AViewerSeesButCannotAct()
    {
        var id = await BookAsync("2026-12-01T10:00:00+01:00", "Viewed Customer", "viewed@example.com");
        await AddStaffAsync("vera", "vera@contoso.example", StaffRole.Viewer);
        using var vera = await SignedInAsync("vera@contoso.example");
        var page = $"/admin/contoso/appointments/{id}";
        var html = await vera.GetStringAsync(page);
        Assert.Contains("Viewed Customer", html);
        Assert.Contains("viewed@example.com", html); // viewers may see customers
        Assert.DoesNotContain("handler=", html);
        // The token comes from the sign-out form of the admin layout (the page itself has no form for her).
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(vera, "/admin", page + "?handler=Cancel")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(vera, "/admin", page + "?handler=Reassign", ("Staff", "maria"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await vera.GetAsync("/admin/contoso/appointments/new")).StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(id)).Status);
        Assert.DoesNotContain("/admin/contoso/appointments/new", await vera.GetStringAsync("/admin/contoso/calendar"));
    }

    [Fact]
    public async Task CustomersAreFoundByPartOfTheEmailAndShowTheirHistory()
    {
        var first = await BookAsync("2026-12-01T10:00:00+01:00", "Kasia Wrona", "Kasia.Wrona@example.com");
        var second = await BookAsync("2026-12-03T12:00:00+01:00", "Kasia Wrona", "kasia.wrona@example.com", staff: "maria");
        await BookAsync("2026-12-02T10:00:00+01:00", "Tomasz Inny", "tom@example.org");
        using var anna = await SignedInAsync("anna@contoso.example");

        var found = await anna.GetStringAsync("/admin/contoso/customers?q=WRONA%40EXAM");
        Assert.Contains("Kasia Wrona", found);
        Assert.DoesNotContain("Tomasz Inny", found);
        Assert.Contains("Tomasz Inny", await anna.GetStringAsync("/admin/contoso/customers"));

        var customer = (await Store.ListCustomersAsync((await MailboxAsync()).Id)).Single(c => c.Name == "Kasia Wrona");
        var history = await anna.GetStringAsync($"/admin/contoso/customers/{customer.Id}");
        Assert.Contains($"/admin/contoso/appointments/{first}", history);
        Assert.Contains($"/admin/contoso/appointments/{second}", history);
        Assert.DoesNotContain("Tomasz", history);
    }

    [Fact]
    public async Task ACustomersCancelledOneSeatAppointmentIsInTheirHistoryMarkedCancelled()
    {
        var cancelled = await BookAsync("2026-12-01T10:00:00+01:00", "Ola Odwołana", "ola@example.com");
        var kept = await BookAsync("2026-12-02T10:00:00+01:00", "Ola Odwołana", "ola@example.com");
        using var anna = await SignedInAsync("anna@contoso.example");
        var page = $"/admin/contoso/appointments/{cancelled}";
        Assert.Equal(HttpStatusCode.SeeOther, (await PostAsync(anna, page, page + "?handler=Cancel")).StatusCode);
        Assert.Equal(AppointmentStatus.Cancelled, (await AppointmentAsync(cancelled)).Status);
        Assert.Empty((await Store.ListAppointmentsAsync((await MailboxAsync()).Id, DateTimeOffset.Parse("2026-12-01T00:00:00Z"),
            DateTimeOffset.Parse("2026-12-02T00:00:00Z"))));

        var customer = (await Store.ListCustomersAsync((await MailboxAsync()).Id)).Single(c => c.Name == "Ola Odwołana");
        var history = await anna.GetStringAsync($"/admin/contoso/customers/{customer.Id}");

        // Both are upcoming; the cancelled one (1 December) comes first, with the Cancelled badge, the other Booked.
        var rows = history.Split("<tr>").Where(r => r.Contains("/admin/contoso/appointments/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains($"/admin/contoso/appointments/{cancelled}\"", rows[0]);
        Assert.Contains("badge bad\">Cancelled<", rows[0]);
        Assert.Contains($"/admin/contoso/appointments/{kept}\"", rows[1]);
        Assert.Contains("badge ok\">Booked<", rows[1]);
        Assert.DoesNotContain("are not listed", history);
    }

    [Fact]
    public async Task IdsOfAnotherCalendarAreNotFound()
    {
        await AddCalendarAsync("fabrikam", "Fabrikam Studio");
        var foreign = await BookAsync("2026-12-01T10:00:00+01:00", "Foreign Customer", "foreign@example.com", slug: "fabrikam");
        var fabrikam = await MailboxAsync("fabrikam");
        var foreignCustomer = (await Store.ListCustomersAsync(fabrikam.Id)).Single();
        using var anna = await SignedInAsync("anna@contoso.example");
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync($"/admin/fabrikam/appointments/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync($"/admin/contoso/appointments/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync($"/admin/contoso/customers/{foreignCustomer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync("/admin/contoso/appointments/apt-nothing")).StatusCode);
        var own = await BookAsync("2026-12-01T10:00:00+01:00", "Own Customer");
        var ownPage = $"/admin/contoso/appointments/{own}";
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(anna, ownPage, $"/admin/contoso/appointments/{foreign}?handler=Cancel")).StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await Store.GetAppointmentAsync(fabrikam.Id, foreign))!.Status);

        using var stranger = await SignedInAsync("someone@else.example");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(ownPage)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso/calendar")).StatusCode);
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenIs400()
    {
        var id = await BookAsync("2026-12-01T10:00:00+01:00", "Token Less");
        using var anna = await SignedInAsync("anna@contoso.example");
        var response = await anna.PostAsync($"/admin/contoso/appointments/{id}?handler=Cancel", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var create = await anna.PostAsync("/admin/contoso/appointments/new", new FormUrlEncodedContent(
            [new("ServiceId", "consult"), new("StaffId", "anna"), new("Date", "2026-12-04"), new("StartTime", "10:00"), new("Name", "X")]));
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentAsync(id)).Status);
    }

    [Fact]
    public async Task HostileCustomerNamesLandEncoded()
    {
        const string hostile = "<script>alert(1)</script>\"'";
        var id = await BookAsync("2026-11-30T14:00:00+01:00", hostile, "x@example.com");
        var customer = (await Store.ListCustomersAsync((await MailboxAsync()).Id)).Single();
        using var anna = await SignedInAsync("anna@contoso.example");
        foreach (var path in new[] { "/admin", "/admin/contoso", "/admin/contoso/calendar?view=day&date=2026-11-30", "/admin/contoso/calendar?view=week",
                     "/admin/contoso/calendar?view=month", $"/admin/contoso/appointments/{id}", "/admin/contoso/customers", $"/admin/contoso/customers/{customer.Id}" })
        {
            var html = await anna.GetStringAsync(path);
            Assert.DoesNotContain("<script>alert", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        }
    }

    [Fact]
    public async Task PagesAndRefusalsSpeakPolish()
    {
        var id = await BookAsync("2026-12-01T10:00:00+01:00", "Polski Klient");
        await BookAsync("2026-12-01T10:00:00+01:00", "Zajęty Termin", staff: "maria");
        using var anna = await SignedInAsync("anna@contoso.example");
        anna.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pl");
        var home = await anna.GetStringAsync("/admin");
        Assert.Contains("Ten tydzień", home);
        Assert.Contains("Twoje kalendarze", home);
        Assert.Contains("Godziny w strefie czasowej firmy", await anna.GetStringAsync("/admin/contoso/calendar?view=day&date=2026-12-01"));
        Assert.Contains("Nowe spotkanie", await anna.GetStringAsync("/admin/contoso/appointments/new"));
        var page = $"/admin/contoso/appointments/{id}";
        Assert.Contains("Przenieś spotkanie", await anna.GetStringAsync(page));
        var conflict = await PostAsync(anna, page, page + "?handler=Reassign", ("Staff", "maria"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("Ten termin jest zajęty", await conflict.Content.ReadAsStringAsync());
        Assert.Equal("anna", (await AppointmentAsync(id)).StaffId);
    }
}
