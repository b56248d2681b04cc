using System.Text.RegularExpressions;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Browser;

/// <summary>The pages over plain HTTP as a form-filling client: antiforgery tokens, the booking form's key, and the store behind them.</summary>
public sealed partial class PageClient(BookingsFactory factory, HttpClient client)
{
    public sealed record Form(string Html, string Token, string Key);

    public async Task<Form> GetFormAsync(string url)
    {
        var html = await client.GetStringAsync(url);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, "The page has no antiforgery token.");
        var key = KeyField().Match(html);
        return new Form(html, token.Groups[1].Value, key.Success ? key.Groups[1].Value : "");
    }

    public async Task<HttpResponseMessage> PostAsync(string url, Form form, params (string Name, string Value)[] fields)
    {
        var body = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", form.Token), new("key", form.Key) };
        body.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    public async Task<HttpResponseMessage> PostDetailsAsync(string url, params (string Name, string Value)[] fields) =>
        await PostAsync(url, await GetFormAsync(url), fields);

    public async Task UpdateCalendarAsync(Action<CalendarDocument> change)
    {
        var (store, mailbox) = await ContosoAsync();
        change(mailbox.Document);
        await store.UpdateMailboxAsync(mailbox.Id, mailbox.Document, mailbox.Version);
    }

    public async Task<IReadOnlyList<Appointment>> AppointmentsAsync()
    {
        var (store, mailbox) = await ContosoAsync();
        return await store.ListAppointmentsAsync(mailbox.Id, BookingsFactory.DefaultNow, BookingsFactory.DefaultNow.AddDays(90));
    }

    public async Task<(IBookingStore Store, Mailbox Mailbox)> ContosoAsync()
    {
        var store = factory.Services.GetRequiredService<IBookingStore>();
        return (store, (await store.GetMailboxBySlugAsync("contoso"))!);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    public static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"key\" value=\"([^\"]+)\"")]
    private static partial Regex KeyField();
}
