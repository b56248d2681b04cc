using System.Text.RegularExpressions;
using Bookings.Core.Store;
using Bookings.Web.Admin;
using Bookings.Web.Tests.Api;
using Bookings.Web.Tests.Worker;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bookings.Web.Tests.Browser;

/// <summary>
/// The real app on Kestrel, as on its first run: no local account yet, so <see cref="FirstAdminBootstrap"/> creates the first
/// admin and writes its one-time password to the console, which is captured here (the operator would read it in the terminal).
/// </summary>
public sealed partial class FirstRunApp : IDisposable
{
    private readonly BookingsFactory _factory = new();
    private readonly StringWriter _console = new();

    public FirstRunApp()
    {
        _factory.Time.SetUtcNow(LiveApp.Now);
        // A port of its own on loopback (the derived factory does not carry UseKestrel's port over: Kestrel would take 5000).
        Factory = _factory.WithWebHostBuilder(b => b
            .UseUrls("http://127.0.0.1:0")
            .ConfigureTestServices(s => s.AddSingleton(new FirstAdminConsole(_console))));
        Factory.UseKestrel(0);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());
    }

    public WebApplicationFactory<Program> Factory { get; }

    public Uri BaseAddress { get; }

    public IBookingStore Store => Factory.Services.GetRequiredService<IBookingStore>();

    /// <summary>The password from the line the first run printed ("…; one-time password: XXXX (change it at first sign-in)").</summary>
    public string FirstAdminPassword()
    {
        var match = OneTimePassword().Match(_console.ToString());
        Assert.True(match.Success, $"The first run printed no one-time password; the console said:\n{_console}");
        return match.Groups[1].Value;
    }

    /// <summary>
    /// The accept link of the invitation emailed to <paramref name="email"/>, as a path: from the email that left (the outbox keeps
    /// it sealed). The app's own worker may be sending it at the same time, so this sends what is due and waits for the email.
    /// </summary>
    public async Task<string> InvitationLinkAsync(string slug, string email)
    {
        for (var attempt = 0; ; attempt++)
        {
            await AtRest.SendDueAsync(Factory.Services);
            try
            {
                var sent = await AtRest.SentEmailAsync(_factory.MailDirectory, "Invitation: join", to: email);
                var link = InvitationLink().Match(sent.TextBody ?? "");
                Assert.True(link.Success, $"No invitation link in the email to {email}.");
                Assert.StartsWith($"/staff/invitation/{slug}/", link.Value, StringComparison.Ordinal);
                return link.Value;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex(@"one-time password: (\S+)")]
    private static partial Regex OneTimePassword();

    [GeneratedRegex(@"/staff/invitation/[a-z0-9-]+/[A-Za-z0-9._~%-]+/[A-Za-z0-9._~%-]+")]
    private static partial Regex InvitationLink();
}

/// <summary>The admin app as an administrator sees it; the selectors (labels, roles, link names) live here so that tests read as steps.</summary>
public sealed class AdminPages(IPage page, Uri baseAddress)
{
    // Each step waits for its next page's URL with the DOM ready, not for the load event (see BookingPage).
    private static readonly PageWaitForURLOptions UntilDomIsReady = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    public IPage Page => page;

    public ILocator Heading => page.Locator("h1");

    public ILocator Notice => page.Locator(".notice[role=status]");

    public async Task<IResponse?> OpenAsync(string path) =>
        await page.GotoAsync(new Uri(baseAddress, path).ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });

    /// <summary>Waits for the next page; when it does not come, says where the browser is and what the page says.</summary>
    public async Task ArrivedAsync(string pattern)
    {
        try
        {
            await page.WaitForURLAsync(new Regex(pattern), UntilDomIsReady);
        }
        catch (TimeoutException e)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"Expected a page at /{pattern}/, the browser is at {page.Url}, showing:\n{text[..Math.Min(text.Length, 2_000)]}", e);
        }
    }

    public async Task SignInAsync(string email, string password)
    {
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public async Task ChangePasswordAsync(string current, string next)
    {
        await page.GetByLabel("Current password").FillAsync(current);
        await page.GetByLabel("New password (at least 12 characters)").FillAsync(next);
        await page.GetByLabel("Confirm the new password").FillAsync(next);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
    }

    /// <summary>From the admin home: "New calendar".</summary>
    public async Task OpenNewCalendarAsync()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "New calendar", Exact = true }).ClickAsync();
        await ArrivedAsync("/admin/new$");
    }

    /// <summary>On the new-calendar form: name, slug and time zone, created; on the new calendar's overview.</summary>
    public async Task CreateCalendarAsync(string name, string slug, string timeZone)
    {
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Address (slug)").FillAsync(slug);
        await page.GetByLabel("Time zone").SelectOptionAsync(timeZone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create calendar" }).ClickAsync();
        await ArrivedAsync($"/admin/{slug}(\\?|$)");
    }

    /// <summary>A link in the calendar's section navigation (Services, Staff, Calendar, Reports, Audit log…).</summary>
    public async Task OpenSectionAsync(string name)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Calendar sections" })
            .GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>On the services list: "New service", name and duration in minutes, created; back on the list.</summary>
    public async Task AddServiceAsync(string slug, string name, int minutes)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "New service", Exact = true }).ClickAsync();
        await ArrivedAsync($"/admin/{slug}/services/edit$");
        await page.GetByLabel(new Regex("^Name\\b")).FillAsync(name);
        await page.GetByRole(AriaRole.Spinbutton, new() { NameRegex = new Regex("^Duration") })
            .FillAsync(minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Duration: unit").SelectOptionAsync("minutes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the service" }).ClickAsync();
        await ArrivedAsync($"/admin/{slug}/services(\\?|$)");
    }

    /// <summary>On the staff list: the "Add or invite" form, as an invitation by email; back on the list.</summary>
    public async Task InviteStaffAsync(string slug, string name, string email, string role = "Team member")
    {
        await FillStaffFormAsync(name, email, role, addActive: false);
        await ArrivedAsync($"/admin/{slug}/staff\\?invited=1");
    }

    /// <summary>On the staff list: the same form with "Add without an invitation" (bookable at once); back on the list.</summary>
    public async Task AddStaffAsync(string slug, string name, string email, string role = "Team member")
    {
        await FillStaffFormAsync(name, email, role, addActive: true);
        await ArrivedAsync($"/admin/{slug}/staff\\?saved=1");
    }

    private async Task FillStaffFormAsync(string name, string email, string role, bool addActive)
    {
        var form = page.Locator("form#invite");
        await form.GetByLabel("Name").FillAsync(name);
        await form.GetByLabel("Email address").FillAsync(email);
        await form.GetByLabel("Role").SelectOptionAsync(new SelectOptionValue { Label = role });
        await form.GetByLabel("Add without an invitation").SetCheckedAsync(addActive);
        await form.GetByRole(AriaRole.Button, new() { Name = "Add or invite" }).ClickAsync();
    }

    /// <summary>The row of a staff member in the staff table.</summary>
    public ILocator StaffRow(string name) => page.Locator("table.staff tbody tr").Filter(new() { HasText = name });

    /// <summary>The appointments listed in the admin home's "This week" section.</summary>
    public ILocator ThisWeek => page.Locator("section.agenda").Filter(new() { Has = page.Locator("h2#week") });

    /// <summary>The staff calendar in week view, by its own "Week" link.</summary>
    public async Task ShowWeekAsync()
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Views" }).GetByRole(AriaRole.Link, new() { Name = "Week", Exact = true }).ClickAsync();
        await ArrivedAsync("[?&]view=week");
    }

    public ILocator CalendarAppointments => page.Locator("table.calendar-week a.appt");

    /// <summary>The staff named in the appointment page's summary.</summary>
    public ILocator AppointmentStaff => page.Locator("dl.summary dt", new() { HasText = "Staff" }).Locator("xpath=following-sibling::dd[1]");

    public async Task ReassignAsync(string staffName)
    {
        await page.GetByLabel("Another staff member, same time").SelectOptionAsync(new SelectOptionValue { Label = staffName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Reassign", Exact = true }).ClickAsync();
        await ArrivedAsync("[?&]done=reassigned");
    }

    /// <summary>On the reports page: the dates, the format, "Download"; answers the file's name and text.</summary>
    public async Task<(string FileName, string Text)> DownloadReportAsync(DateOnly from, DateOnly to, string format)
    {
        await page.GetByLabel(new Regex("^From\\b")).FillAsync(from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel(new Regex("^To\\b")).FillAsync(to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel(format).CheckAsync();
        return await DownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
    }

    public ILocator AuditRows => page.Locator("table.audit tbody tr");

    /// <summary>The audit rows of one action (its code cell, exactly).</summary>
    public ILocator AuditRowsOf(string action) =>
        AuditRows.Filter(new() { Has = page.Locator("code", new() { HasTextRegex = new Regex($"^{Regex.Escape(action)}$") }) });

    /// <summary>On an audit log: one of its export buttons; answers the file's name and text.</summary>
    public Task<(string FileName, string Text)> ExportAuditAsync(string button) =>
        DownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync());

    private async Task<(string FileName, string Text)> DownloadAsync(Func<Task> click)
    {
        var download = await page.RunAndWaitForDownloadAsync(click);
        await using var stream = await download.CreateReadStreamAsync();
        using var reader = new StreamReader(stream);
        return (download.SuggestedFilename, await reader.ReadToEndAsync());
    }

    public async Task ScreenshotAsync(string path) => await page.ScreenshotAsync(new() { Path = path, FullPage = true });
}
