using System.Net;
using System.Text.RegularExpressions;
using Bookings.Core.Admin;
using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin;

/// <summary>Clients of the real app for admin tests: anonymous, or signed in as a local account made for the test.</summary>
internal static partial class AdminClients
{
    public const string Password = "correct horse battery staple";

    public static HttpClient Anonymous(BookingsFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Adds the account (by default with no password change pending) and signs it in through the sign-in form.</summary>
    public static async Task<HttpClient> SignedInAsync(BookingsFactory factory, string email, bool tenantAdmin = false, bool mustChangePassword = false)
    {
        var users = factory.Services.GetRequiredService<IUserStore>();
        await users.AddAsync(new AdminUser("u-" + Guid.NewGuid().ToString("N")[..8], email, email, tenantAdmin, mustChangePassword, 0, null, BookingsFactory.DefaultNow),
            AdminPasswords.Hash(Password), CancellationToken.None);
        var client = Anonymous(factory);
        var token = AntiforgeryToken(await client.GetStringAsync("/admin/signin"));
        var signedIn = await client.PostAsync("/admin/signin", new FormUrlEncodedContent(
            [new("email", email), new("password", Password), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    /// <summary>Reads a page, then posts its form to <paramref name="postUrl"/> with the page's antiforgery token and these fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = AntiforgeryToken(await page.Content.ReadAsStringAsync());
        Assert.NotEqual("", token);
        return await client.PostAsync(postUrl, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, params (string Key, string Value)[] fields) =>
        PostFormAsync(client, pageUrl, postUrl, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public static string AntiforgeryToken(string html) => Antiforgery().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" (?:type=\"hidden\" )?value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
