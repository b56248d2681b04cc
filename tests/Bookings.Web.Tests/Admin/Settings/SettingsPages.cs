using System.Net;
using System.Text.RegularExpressions;
using Bookings.Core.Admin;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin.Settings;

/// <summary>What the settings pages' tests share: the store, staff added to the demo calendar, form posts and reading forms back.</summary>
internal static partial class SettingsPages
{
    public static IBookingStore StoreOf(BookingsFactory factory) => factory.Services.GetRequiredService<IBookingStore>();

    public static async Task<Mailbox> ContosoAsync(BookingsFactory factory) => (await StoreOf(factory).GetMailboxBySlugAsync("contoso"))!;

    /// <summary>Changes the demo calendar's document directly in the store (as someone else would).</summary>
    public static async Task<Mailbox> ChangeContosoAsync(BookingsFactory factory, Action<CalendarDocument> change)
    {
        var mailbox = await ContosoAsync(factory);
        var doc = CalendarJson.Clone(mailbox.Document);
        change(doc);
        return await StoreOf(factory).UpdateMailboxAsync(mailbox.Id, doc, mailbox.Version);
    }

    public static Task<Mailbox> AddStaffAsync(BookingsFactory factory, string id, string email, StaffRole role) =>
        ChangeContosoAsync(factory, doc => doc.StaffMembers.Add(new BookingStaffMember { Id = id, DisplayName = id, EmailAddress = email, Role = role }));

    /// <summary>Reads a page, then posts its form with the page's antiforgery token and these fields.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, IEnumerable<KeyValuePair<string, string>> fields) =>
        AdminClients.PostFormAsync(client, pageUrl, postUrl, fields);

    /// <summary>The value of the input with this name in the page's HTML (as the browser would read it), or null.</summary>
    public static string? InputValue(string html, string name)
    {
        var match = Regex.Match(html, "<input[^>]*name=\"" + Regex.Escape(name) + "\"[^>]*value=\"([^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// <summary>The text of the textarea with this name (decoded), or null.</summary>
    public static string? TextAreaValue(string html, string name)
    {
        var match = Regex.Match(html, "<textarea[^>]*name=\"" + Regex.Escape(name) + "\"[^>]*>([^<]*)</textarea>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(BookingsFactory factory, string? mailboxId) =>
        await StoreOf(factory).ListAuditAsync(mailboxId, BookingsFactory.DefaultNow.AddDays(-1), BookingsFactory.DefaultNow.AddDays(1), 1000);

    public static string Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString ?? "";
}
