using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Bookings.Web.Tests.Browser;

/// <summary>
/// The admin app in Chromium, as a new user meets it: the first admin's one-time password from the console, the forced password
/// change, a calendar of one's own with a service and two invited staff members, a customer's booking showing up, reassigned,
/// in the exported report and in the audit log. Also axe-core over the admin pages on the way.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminJourneyBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    // Set BOOKINGS_SCREENSHOTS to a folder (docs/screenshots) to refresh the screenshots in the docs.
    private static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("BOOKINGS_SCREENSHOTS");

    private static readonly Dictionary<string, string> Screenshots = new()
    {
        [AdminJourney.HomeWithBooking] = "admin-home.png",
        [AdminJourney.CalendarWeek] = "admin-calendar-week.png",
        [AdminJourney.ServiceForm] = "admin-service-edit.png",
        [AdminJourney.Staff] = "admin-staff.png",
        [AdminJourney.AuditLog] = "admin-audit.png",
        [AdminJourney.HomeInPolish] = "admin-home-pl.png",
    };

    [Fact]
    public async Task TheFirstAdminSetsUpACalendarSeesABookingReassignsItExportsTheReportAndReadsTheAuditLog()
    {
        using var app = new FirstRunApp();
        await AdminJourney.WalkAsync(chromium.Browser, app, new() { Locale = "en-US", TimezoneId = "Europe/Warsaw" }, async (page, name) =>
        {
            if (string.IsNullOrEmpty(ScreenshotFolder) || !Screenshots.TryGetValue(name, out var file)) return;
            Directory.CreateDirectory(ScreenshotFolder);
            // The service form is long: its top (basics, options) is what the docs show.
            await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, file), FullPage = name != AdminJourney.ServiceForm });
        });
    }

    [Fact]
    public async Task AxeFindsNoViolationOnTheAdminPages()
    {
        using var app = new FirstRunApp();
        var report = new AxeReport(output, "Admin page");
        // The pages allow only their own scripts (CSP script-src 'self'); bypassing it lets axe in as an inline script tag.
        await AdminJourney.WalkAsync(chromium.Browser, app, new() { Locale = "en-US", TimezoneId = "Europe/Warsaw", BypassCSP = true }, async (page, name) =>
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await report.CheckAsync(page, name);
        });
        report.AssertNoViolations();
    }
}

/// <summary>
/// The journey, step by step with its checks, calling back once each admin page worth a look (a screenshot, axe) is shown.
/// Times: the app's clock is <see cref="LiveApp.Now"/>, Tuesday 2026-12-01 08:00 in Warsaw, so this week's days are bookable.
/// </summary>
internal static class AdminJourney
{
    public const string Home = "Admin home, first visit";
    public const string NewCalendar = "New calendar form";
    public const string ServiceForm = "Service form";
    public const string Staff = "Staff";
    public const string BookingPageSettings = "Booking page settings";
    public const string HomeWithBooking = "Admin home with the booking";
    public const string CalendarWeek = "Calendar, week view";
    public const string Appointment = "Appointment";
    public const string Reports = "Reports";
    public const string AuditLog = "Audit log";
    public const string HomeInPolish = "Admin home in Polish";

    private const string Slug = "physio";
    private const string CalendarName = "Kowalska Physiotherapy";
    private const string ServiceName = "Sports massage";
    private const string Ewa = "Ewa Nowak";
    private const string Piotr = "Piotr Wiśniewski";
    private const string Customer = "Jan Kowalski";

    public static async Task WalkAsync(IBrowser browser, FirstRunApp app, BrowserNewContextOptions options, Func<IPage, string, Task> atPage)
    {
        options.ViewportSize ??= new() { Width = 1280, Height = 900 };
        await using var context = await browser.NewContextAsync(options);
        // Generous timeouts: the machine running the tests may be busy (2 cores shared by builds and other tests).
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        // Expect's own default is 5 s; a page behind a busy build can take longer (this only ever lengthens the wait).
        SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        var admin = new AdminPages(page, app.BaseAddress);

        // First sign-in: the admin app sends to the sign-in form, then (one-time password) to the change-password form.
        var password = app.FirstAdminPassword();
        await admin.OpenAsync("/admin");
        await admin.ArrivedAsync("/admin/signin");
        await Expect(admin.Heading).ToHaveTextAsync("Sign in to Bookings admin");
        await admin.SignInAsync("admin@localhost", password);
        await admin.ArrivedAsync("/admin/password$");
        await Expect(admin.Heading).ToHaveTextAsync("Change your password");
        await admin.ChangePasswordAsync(password, "a long passphrase of my own");
        await admin.ArrivedAsync("/admin$");
        await Expect(admin.Heading).ToHaveTextAsync("Your appointments");
        await atPage(page, Home);

        // A calendar of one's own.
        await admin.OpenNewCalendarAsync();
        await atPage(page, NewCalendar);
        await admin.CreateCalendarAsync(CalendarName, Slug, "Europe/Warsaw");
        await Expect(page.Locator("details.switcher summary")).ToContainTextAsync(CalendarName);

        // A service: created from the list, then opened again.
        await admin.OpenSectionAsync("Services");
        await admin.ArrivedAsync($"/admin/{Slug}/services$");
        await admin.AddServiceAsync(Slug, ServiceName, 45);
        var serviceRow = page.Locator("table.services tbody tr").Filter(new() { HasText = ServiceName });
        await Expect(serviceRow).ToContainTextAsync("45");

        // Two staff members: one invited by email, who accepts through the link in the message; one added at once.
        await admin.OpenSectionAsync("Staff");
        await admin.ArrivedAsync($"/admin/{Slug}/staff$");
        await admin.InviteStaffAsync(Slug, Ewa, "ewa@physio.example");
        await Expect(admin.Notice).ToHaveTextAsync("Invitation sent.");
        await Expect(admin.StaffRow(Ewa)).ToContainTextAsync("invited");
        await admin.AddStaffAsync(Slug, Piotr, "piotr@physio.example");
        await Expect(admin.StaffRow(Piotr)).ToContainTextAsync("active");

        await using var outside = await browser.NewContextAsync(new() { Locale = "en-US", TimezoneId = "Europe/Warsaw" });
        outside.SetDefaultTimeout(30_000);
        outside.SetDefaultNavigationTimeout(60_000);
        var other = await outside.NewPageAsync();
        await other.GotoAsync(new Uri(app.BaseAddress, await app.InvitationLinkAsync(Slug, "ewa@physio.example")).ToString());
        await Expect(other.Locator("h1")).ToHaveTextAsync($"Join {CalendarName}");
        await other.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(other.Locator("h1")).ToHaveTextAsync($"Welcome to {CalendarName}");
        await admin.OpenSectionAsync("Staff");
        await admin.ArrivedAsync($"/admin/{Slug}/staff$");
        await Expect(admin.StaffRow(Ewa)).ToContainTextAsync("active");
        await Expect(admin.StaffRow(Piotr)).ToContainTextAsync("active");
        await atPage(page, Staff);

        await admin.OpenSectionAsync("Services");
        await page.GetByRole(AriaRole.Link, new() { Name = ServiceName, Exact = true }).ClickAsync();
        await admin.ArrivedAsync($"/admin/{Slug}/services/edit/");
        await Expect(admin.Heading).ToHaveTextAsync(ServiceName);
        await atPage(page, ServiceForm);

        await admin.OpenSectionAsync("Booking page");
        await admin.ArrivedAsync($"/admin/{Slug}/page$");
        await Expect(page.Locator(".badge.ok")).ToHaveTextAsync("Published");
        await atPage(page, BookingPageSettings);

        // A customer books on the public page (the other browser context: not signed in).
        var booking = new BookingPage(other, app.BaseAddress);
        await booking.OpenAsync(Slug);
        await booking.PickServiceAsync(ServiceName);
        await booking.PickFirstFreeDayAsync();
        await booking.PickFirstTimeAsync();
        await booking.FillDetailsAsync(Customer, "jan.kowalski@example.com");
        await booking.SubmitAsync();
        await Expect(booking.Heading).ToHaveTextAsync("Your booking is confirmed");

        // It shows in the consolidated view and in the calendar's week.
        await admin.OpenAsync("/admin");
        var row = admin.ThisWeek.Locator("tbody tr").Filter(new() { HasText = Customer });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(CalendarName);
        await Expect(row).ToContainTextAsync(ServiceName);
        await atPage(page, HomeWithBooking);

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = Slug }).GetByRole(AriaRole.Link, new() { Name = "Calendar", Exact = true }).ClickAsync();
        await admin.ArrivedAsync($"/admin/{Slug}/calendar");
        await admin.ShowWeekAsync();
        var appointment = admin.CalendarAppointments.Filter(new() { HasText = Customer });
        await Expect(appointment).ToHaveCountAsync(1);
        await Expect(appointment).ToContainTextAsync(ServiceName);
        await atPage(page, CalendarWeek);

        // Reassigned to the other staff member, at the same time.
        await appointment.ClickAsync();
        await admin.ArrivedAsync($"/admin/{Slug}/appointments/");
        var first = (await admin.AppointmentStaff.InnerTextAsync()).Trim();
        Assert.Contains(first, new[] { Ewa, Piotr });
        var second = first == Ewa ? Piotr : Ewa;
        await atPage(page, Appointment);
        await admin.ReassignAsync(second);
        await Expect(admin.Notice).ToBeVisibleAsync();
        await Expect(admin.AppointmentStaff).ToHaveTextAsync(second);

        // The report, downloaded: one row, the customer's, with the new staff member.
        await admin.OpenSectionAsync("Reports");
        await admin.ArrivedAsync($"/admin/{Slug}/reports");
        await atPage(page, Reports);
        var (fileName, text) = await admin.DownloadReportAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31), "CSV (Excel)");
        Assert.EndsWith(".csv", fileName, StringComparison.Ordinal);
        var lines = text.TrimStart('\uFEFF').Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Calendar", lines[0], StringComparison.Ordinal);
        var line = Assert.Single(lines, l => l.Contains(Customer, StringComparison.Ordinal));
        Assert.Contains(ServiceName, line, StringComparison.Ordinal);
        Assert.Contains(second, line, StringComparison.Ordinal);
        Assert.Contains("jan.kowalski@example.com", line, StringComparison.Ordinal);

        // The audit log: every change of the journey, by the first admin.
        await admin.OpenSectionAsync("Audit log");
        await admin.ArrivedAsync($"/admin/{Slug}/audit");
        foreach (var action in new[] { "calendar.create", "service.create", "staff.invite", "staff.add", "appointment.reassign" })
            await Expect(admin.AuditRowsOf(action).First).ToContainTextAsync("admin@localhost");
        await Expect(admin.AuditRowsOf("appointment.reassign")).ToHaveCountAsync(1);
        await atPage(page, AuditLog);
        var (auditFile, audit) = await admin.ExportAuditAsync("Export CSV (Excel)");
        Assert.EndsWith(".csv", auditFile, StringComparison.Ordinal);
        Assert.Contains("appointment.reassign", audit, StringComparison.Ordinal);
        Assert.Contains("calendar.create", audit, StringComparison.Ordinal);

        // The organisation's audit log (tenant administrators): the calendar's changes and the first sign-in's password change.
        await admin.OpenAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log", Exact = true }).ClickAsync();
        await admin.ArrivedAsync("/admin/audit");
        await Expect(admin.AuditRowsOf("user.password-change")).ToContainTextAsync("admin@localhost");
        await Expect(admin.AuditRowsOf("calendar.create")).ToContainTextAsync(CalendarName);

        // The same home page in Polish.
        await admin.OpenAsync("/admin?lang=pl");
        await Expect(admin.Heading).ToHaveTextAsync("Twoje spotkania");
        await Expect(admin.ThisWeek.Locator("tbody tr").Filter(new() { HasText = Customer })).ToContainTextAsync(second);
        await atPage(page, HomeInPolish);
    }
}
