using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bookings.Core.Admin;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Web.Tests.Admin;

/// <summary>
/// The admin outbox page on the real app: signed-in administrators and schedulers of a calendar see its messages, preview one
/// and send it again; team members, strangers and anonymous visitors do not (404, or the sign-in page).
/// </summary>
public sealed partial class OutboxPageTests : IDisposable
{
    private readonly BookingsFactory _factory = new();

    public OutboxPageTests() => _factory.Settings["Workers:Enabled"] = "false"; // keep messages pending

    public void Dispose() => _factory.Dispose();

    private HttpClient NewClient() => AdminClients.Anonymous(_factory);

    private Task<HttpClient> SignedInAsync(string email, bool tenantAdmin = false) => AdminClients.SignedInAsync(_factory, email, tenantAdmin);

    private async Task BookAsync()
    {
        using var api = NewClient();
        var response = await api.PostAsJsonAsync("/api/v1/calendars/contoso/appointments", new
        {
            serviceId = "consult",
            staffId = "anna",
            start = "2026-12-01T10:00:00+01:00",
            customer = new { name = "Jan Kowalski", email = "jan@example.com" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AnAnonymousVisitorIsSentToSignIn()
    {
        using var client = NewClient();
        var response = await client.GetAsync("/admin/contoso/outbox");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/signin", response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ATenantAdminSeesTheMessagesPreviewsOneAndSendsItAgain()
    {
        await BookAsync();
        using var client = await SignedInAsync("boss@contoso.example", tenantAdmin: true);

        var list = await client.GetAsync("/admin/contoso/outbox");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("frame-ancestors 'none'", list.Headers.GetValues("Content-Security-Policy").Single());
        var html = await list.Content.ReadAsStringAsync();
        Assert.Contains("jan@example.com", html);
        Assert.Contains(NotificationKinds.BookingCustomer, html);

        var store = _factory.Services.GetRequiredService<IBookingStore>();
        var mailbox = (await store.GetMailboxBySlugAsync("contoso"))!;
        var message = (await store.ListOutboxAsync(mailbox.Id)).First(m => m.Kind == NotificationKinds.BookingCustomer);
        await store.MarkOutboxSentAsync(message.Id, BookingsFactory.DefaultNow);
        var preview = await client.GetStringAsync($"/admin/contoso/outbox?id={message.Id}");
        Assert.Contains("Booking confirmed: Consultation", preview);
        Assert.Contains("<dd class=\"status\">sent</dd>", preview);

        var token = AdminClients.AntiforgeryToken(preview);
        var resent = await client.PostAsync($"/admin/contoso/outbox?id={message.Id}&handler=Resend", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.SeeOther, resent.StatusCode);
        Assert.True((await store.ListOutboxAsync(mailbox.Id)).Single(m => m.Id == message.Id).IsPending);
        Assert.Contains("queued again", await client.GetStringAsync(resent.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task ACalendarsAdministratorSeesItsOutboxButATeamMemberAndAStrangerDoNot()
    {
        await BookAsync();
        using var anna = await SignedInAsync("anna@contoso.example");   // administrator of contoso
        using var piotr = await SignedInAsync("piotr@contoso.example"); // team member
        using var stranger = await SignedInAsync("someone@else.example");

        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync("/admin/contoso/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await piotr.GetAsync("/admin/contoso/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/contoso/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/admin/no-such-calendar/outbox")).StatusCode);

        var piotrsHome = await piotr.GetStringAsync("/admin");
        Assert.Contains("Contoso Consulting", piotrsHome);
        Assert.DoesNotContain("/admin/contoso/outbox", piotrsHome);
        Assert.DoesNotContain("Contoso Consulting", await stranger.GetStringAsync("/admin"));
    }

    [Fact]
    public async Task SignInAttemptsAreRateLimitedPerClient()
    {
        var kind = Bookings.Web.Infrastructure.RateLimiting.Classify(new Microsoft.AspNetCore.Http.DefaultHttpContext
        {
            Request = { Method = "POST", Path = "/admin/signin" },
        }.Request, null);
        Assert.Equal(Bookings.Web.Infrastructure.RateLimiting.RequestKind.ManageAction, kind);
    }

}
