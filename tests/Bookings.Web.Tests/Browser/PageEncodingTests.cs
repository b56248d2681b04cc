using System.Net;
using Bookings.Core.Calendars;
using Bookings.Web.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bookings.Web.Tests.Browser;

/// <summary>Calendar, service, question, consent and customer text is HTML-encoded wherever a page shows it, attributes included.</summary>
public sealed class PageEncodingTests : IDisposable
{
    private const string Script = "<script>alert(1)</script>";
    private const string Attribute = "\"><img src=x onerror=alert(2)>";
    private const string Hostile = Script + Attribute;

    private readonly BookingsFactory _factory = new();
    private readonly HttpClient _client;
    private readonly PageClient _pages;

    public PageEncodingTests()
    {
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _pages = new PageClient(_factory, _client);
    }

    public void Dispose() => _factory.Dispose();

    private static void AssertEncoded(string html)
    {
        Assert.DoesNotContain(Script, html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    private async Task MakeEverythingHostileAsync() => await _pages.UpdateCalendarAsync(doc =>
    {
        doc.DisplayName = "Contoso " + Hostile;
        doc.Phone = Hostile;
        var consult = doc.FindService("consult")!;
        consult.DisplayName = "Consultation " + Hostile;
        consult.Description = Hostile;
        doc.CustomQuestions[0].DisplayName = "Topic " + Hostile;
        doc.CustomQuestions[1].AnswerOptions = ["Beginner " + Hostile, "Advanced"];
        doc.FindService("consult")!.CustomQuestions.Add(new BookingQuestionAssignment { QuestionId = "level" });
        doc.BookingPageSettings.IsCustomerConsentEnabled = true;
        doc.BookingPageSettings.CustomerConsentMessage = "I agree " + Hostile;
        doc.FindStaff("anna")!.DisplayName = "Anna " + Hostile;
    });

    [Fact]
    public async Task EveryPageOfTheFlowEncodesHostileCalendarText()
    {
        await MakeEverythingHostileAsync();

        AssertEncoded(await _client.GetStringAsync("/book/contoso"));
        AssertEncoded(await _client.GetStringAsync("/book/contoso/consult?date=2026-12-01"));
        var form = await _pages.GetFormAsync("/book/contoso/consult?staff=anna&start=20261201T0900Z");
        AssertEncoded(form.Html);
        Assert.Contains("I agree &lt;script&gt;", form.Html);
        Assert.Contains("value=\"Beginner &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\"", form.Html);
    }

    [Fact]
    public async Task WhatTheCustomerTypedComesBackEncodedInTheFormAndOnTheManagePage()
    {
        const string url = "/book/contoso/consult?staff=anna&start=20261201T0900Z";
        // A bad email re-shows the form with what was typed.
        var again = await _pages.PostDetailsAsync(url, ("name", "Eve " + Hostile), ("email", "not-an-email"), ("notes", Hostile));
        var html = await again.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        AssertEncoded(html);
        Assert.Contains("value=\"Eve &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\"", html);

        var booked = await _pages.PostDetailsAsync(url, ("name", "Eve " + Hostile), ("email", "eve@example.com"), ("notes", Hostile));
        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        AssertEncoded(await _client.GetStringAsync(booked.Headers.Location!.ToString()));
    }

    [Fact]
    public async Task EveryFormOfTheFlowRefusesAPostWithoutItsAntiforgeryToken()
    {
        const string url = "/book/contoso/consult?staff=anna&start=20261201T0900Z";
        var booked = await _pages.PostDetailsAsync(url, ("name", "Jan"), ("email", "jan@example.com"));
        var manage = booked.Headers.Location!.ToString().Split('?')[0];

        foreach (var (target, fields) in new (string, (string, string)[])[]
        {
            (url, [("name", "Eve"), ("email", "eve@example.com")]),
            (manage, []),
            (manage + "?handler=Reschedule", [("start", "2026-12-02T08:00:00Z")]),
        })
        {
            var response = await _client.PostAsync(target, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        var still = Assert.Single(await _pages.AppointmentsAsync());
        Assert.Equal("Jan", still.Attendees.Single().Name);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), still.Start);
    }
}
