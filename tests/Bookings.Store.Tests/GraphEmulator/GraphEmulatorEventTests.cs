using System.Net;
using System.Text.Json.Nodes;
using Bookings.GraphEmulation;

namespace Bookings.Store.Tests.Emulator;

/// <summary>Events, extended properties, calendarView and online meetings of the Graph emulator.</summary>
public sealed class GraphEmulatorEventTests : IDisposable
{
    private const string Events = $"users/{Harness.Mailbox}/events";
    private readonly Harness _h = new();

    public void Dispose() => _h.Dispose();

    // user-post-events.md; resources/event.md (changeKey, iCalUId, createdDateTime in UTC, transactionId "only returned in a
    // response payload if an app has set it"); singlevaluelegacyextendedproperty-post-singlevalueextendedproperties.md:
    // "The response does not include any newly created extended properties."
    [Fact]
    public async Task CreatedEventHasTheDocumentedShape()
    {
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9), properties: ("Kind", "appointment")));
        var e = created.Body!;
        Assert.Equal($"W/\"{created.ChangeKey}\"", e["@odata.etag"]!.GetValue<string>());
        Assert.Equal("2026-03-02T09:00:00.0000000Z", e["createdDateTime"]!.GetValue<string>());
        Assert.Equal("2026-03-10T09:00:00.0000000", e["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("UTC", e["start"]!["timeZone"]!.GetValue<string>());
        Assert.StartsWith("040000008200E00074C5B7101A82E008", e["iCalUId"]!.GetValue<string>());
        Assert.False(e.ContainsKey("transactionId"));
        Assert.False(e.ContainsKey("singleValueExtendedProperties"));
        Assert.Equal("html", e["body"]!["contentType"]!.GetValue<string>());
    }

    // singlevaluelegacyextendedproperty-get.md: read with $expand=singleValueExtendedProperties($filter=id eq '…');
    // post-singlevalueextendedproperties.md + event-update.md: a PATCH writes the properties it names, others keep theirs.
    [Fact]
    public async Task ExtendedPropertiesAreReadThroughExpandAndPatchKeepsTheOthers()
    {
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9), properties: [("State", "hold"), ("Staff", "anna")]));
        var patched = await _h.Patch($"{Events}/{created.Id}", new JsonObject { ["singleValueExtendedProperties"] = Harness.Properties(("State", "booked")) });
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var expand = Harness.Filter($"singleValueExtendedProperties($filter=id eq '{Harness.Prop("State")}' or id eq '{Harness.Prop("Staff")}')");
        var read = await _h.Get($"{Events}/{created.Id}?$expand={expand}");
        var props = read.Body!["singleValueExtendedProperties"]!.AsArray().ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!["value"]!.GetValue<string>());
        Assert.Equal("booked", props[Harness.Prop("State")]);
        Assert.Equal("anna", props[Harness.Prop("Staff")]);
        var none = await _h.Get($"{Events}/{created.Id}?$expand={Harness.Filter($"singleValueExtendedProperties($filter=id eq '{Harness.Prop("Other")}')")}");
        Assert.False(none.Body!.ContainsKey("singleValueExtendedProperties"));
    }

    // singlevaluelegacyextendedproperty-get.md: for string-typed properties "contains, startswith, eq, or ne".
    [Fact]
    public async Task StringExtendedPropertiesFilterWithTheDocumentedOperators()
    {
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9), properties: ("Code", "alpha-1")));
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(10), properties: ("Code", "beta-2")));
        async Task<int> Count(string filter) => (await _h.Get($"{Events}?$filter={Harness.Filter(filter)}")).Value.Count;
        Assert.Equal(1, await Count(Harness.PropertyFilter("Code", "eq", "alpha-1")));
        Assert.Equal(1, await Count(Harness.PropertyFilter("Code", "ne", "alpha-1")));
        Assert.Equal(1, await Count($"singleValueExtendedProperties/Any(ep: ep/id eq '{Harness.Prop("Code")}' and startswith(ep/value, 'bet'))"));
        Assert.Equal(2, await Count($"singleValueExtendedProperties/any(ep:ep/Id eq '{Harness.Prop("Code")}' and contains(ep/Value, '-'))"));
    }

    // singlevaluelegacyextendedproperty-get.md: ge, gt, le and lt are listed for numeric properties only.
    [Theory]
    [InlineData("ge")]
    [InlineData("gt")]
    [InlineData("le")]
    [InlineData("lt")]
    public async Task StringExtendedPropertyRangeFilterIsRefused(string op)
    {
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9), properties: ("Code", "a")));
        var reply = await _h.Get($"{Events}?$filter={Harness.Filter(Harness.PropertyFilter("Code", op, "a"))}");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("ErrorInvalidUrlQueryFilter", reply.ErrorCode);
    }

    // singlevaluelegacyextendedproperty-get.md: "Filtering the value property of an extended property is case-insensitive."
    [Fact]
    public async Task ExtendedPropertyValuesCompareIgnoringCase()
    {
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9), properties: ("Hash", "AbCdEf")));
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(10), properties: ("Hash", "abcdef")));
        var reply = await _h.Get($"{Events}?$filter={Harness.Filter(Harness.PropertyFilter("Hash", "eq", "ABCDEF"))}");
        Assert.Equal(2, reply.Value.Count);
    }

    // singlevaluelegacyextendedproperty-get.md: "Filtering the string name (Name) in the id … is case-sensitive."
    [Fact]
    public async Task ExtendedPropertyNameInTheIdIsCaseSensitive()
    {
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9), properties: ("State", "booked")));
        var reply = await _h.Get($"{Events}?$filter={Harness.Filter(Harness.PropertyFilter("state", "eq", "booked"))}");
        Assert.Empty(reply.Value);
        var guidCase = $"singleValueExtendedProperties/any(ep: ep/id eq 'string {Harness.PropertySet.ToUpperInvariant()} Name State' and ep/value eq 'booked')";
        Assert.Single((await _h.Get($"{Events}?$filter={Harness.Filter(guidCase)}")).Value);
    }

    // davmail#501/#509: ErrorRestrictionTooComplex; the size is GraphEmulatorOptions.MaxExtendedPropertyClauses (default 10).
    [Fact]
    public async Task TooManyExtendedPropertyClausesAreRestrictionTooComplex()
    {
        string Chain(int n) => string.Join(" or ", Enumerable.Range(0, n).Select(i => Harness.PropertyFilter($"Seat{i}", "eq", "x")));
        Assert.Equal(HttpStatusCode.OK, (await _h.Get($"{Events}?$filter={Harness.Filter(Chain(10))}")).Status);
        var reply = await _h.Get($"{Events}?$filter={Harness.Filter(Chain(11))}");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("ErrorRestrictionTooComplex", reply.ErrorCode);
        _h.Graph.Options = _h.Graph.Options with { MaxExtendedPropertyClauses = 2 };
        Assert.Equal("ErrorRestrictionTooComplex", (await _h.Get($"{Events}?$filter={Harness.Filter(Chain(3))}")).ErrorCode);
    }

    // user-list-events.md + concepts/paging.md: pages of 10 with @odata.nextLink; $top from 1 to 1000.
    [Fact]
    public async Task EventListsPageByTenAndFollowTheNextLink()
    {
        for (var i = 0; i < 23; i++) await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(i)));
        var ids = new HashSet<string>();
        string? next = Events;
        var pages = 0;
        while (next is not null)
        {
            var page = await _h.Get(next);
            pages++;
            foreach (var e in page.Value) ids.Add(e!["id"]!.GetValue<string>());
            next = page.Body!["@odata.nextLink"]?.GetValue<string>();
        }
        Assert.Equal(3, pages);
        Assert.Equal(23, ids.Count);
        Assert.Equal(5, (await _h.Get($"{Events}?$top=5")).Value.Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get($"{Events}?$top=0")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get($"{Events}?$top=1001")).Status);
    }

    // calendar-list-calendarview.md: startDateTime and endDateTime are required.
    [Fact]
    public async Task CalendarViewNeedsItsWindow()
    {
        var reply = await _h.Get($"users/{Harness.Mailbox}/calendarView");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("ErrorInvalidParameter", reply.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get($"users/{Harness.Mailbox}/calendarView?startDateTime=2026-03-10T00:00:00Z")).Status);
    }

    // calendar-list-calendarview.md: "The createdDateTime and lastModifiedDateTime properties of event do not support $select."
    [Fact]
    public async Task CalendarViewRefusesSelectOfCreatedDateTime()
    {
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        var uri = $"users/{Harness.Mailbox}/calendar/calendarView?startDateTime=2026-03-10T00:00:00Z&endDateTime=2026-03-11T00:00:00Z&$select=subject,createdDateTime";
        var refused = await _h.Get(uri);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);

        _h.Graph.Options = _h.Graph.Options with { EventTimestampSelect = UnsupportedSelect.LeftOut };
        var leftOut = await _h.Get(uri);
        var e = Assert.IsType<JsonObject>(Assert.Single(leftOut.Value));
        Assert.True(e.ContainsKey("subject"));
        Assert.False(e.ContainsKey("createdDateTime"));

        var all = await _h.Get(uri.Replace("&$select=subject,createdDateTime", ""));
        Assert.True(all.Value[0]!.AsObject().ContainsKey("createdDateTime"));
    }

    // calendar-list-calendarview.md: window by its own offset; times in UTC unless Prefer: outlook.timezone (user-list-events.md).
    [Fact]
    public async Task CalendarViewAnswersInUtcUnlessATimeZoneIsPreferred()
    {
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        var uri = $"users/{Harness.Mailbox}/calendarView?startDateTime=2026-03-10T08:30:00%2B01:00&endDateTime=2026-03-10T11:00:00%2B01:00";
        var utc = await _h.Get(uri);
        Assert.Equal("2026-03-10T09:00:00.0000000", utc.Value[0]!["start"]!["dateTime"]!.GetValue<string>());
        var warsaw = await _h.Get(uri, r => Harness.Prefer(r, "outlook.timezone=\"Europe/Warsaw\""));
        Assert.Equal("2026-03-10T10:00:00.0000000", warsaw.Value[0]!["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("Europe/Warsaw", warsaw.Value[0]!["start"]!["timeZone"]!.GetValue<string>());
        Assert.Contains("outlook.timezone", warsaw.Header("Preference-Applied"));
        // The window is interpreted by its offset: 08:00 UTC to 09:00 UTC holds nothing.
        Assert.Empty((await _h.Get($"users/{Harness.Mailbox}/calendarView?startDateTime=2026-03-10T09:00:00%2B01:00&endDateTime=2026-03-10T10:00:00%2B01:00")).Value);
    }

    // The extended-property page documents $filter on /events, not on calendarView (msgraph-sdk-dotnet#2375):
    // GraphEmulatorOptions.CalendarViewFilter.
    [Fact]
    public async Task CalendarViewFilterIsRefusedUnlessAllowed()
    {
        await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9), properties: ("Kind", "timeoff")));
        var uri = $"users/{Harness.Mailbox}/calendarView?startDateTime=2026-03-10T00:00:00Z&endDateTime=2026-03-11T00:00:00Z&$filter={Harness.Filter(Harness.PropertyFilter("Kind", "eq", "timeoff"))}";
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Get(uri)).Status);
        _h.Graph.Options = _h.Graph.Options with { CalendarViewFilter = UndocumentedFilter.Allowed };
        Assert.Single((await _h.Get(uri)).Value);
    }

    // concepts/query-parameters.md ($select names properties of the type).
    [Fact]
    public async Task SelectOfAnUnknownPropertyIsRefused()
    {
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        var reply = await _h.Get($"{Events}/{created.Id}?$select=subjet");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        var ok = await _h.Get($"{Events}/{created.Id}?$select=subject,changeKey");
        Assert.Equal(["@odata.context", "@odata.etag", "id", "subject", "changeKey"], ok.Body!.Select(kv => kv.Key));
    }

    // concepts/outlook-calendar-online-meetings.md; microsoft-graph-docs#9741 (created without a link, provider unknown).
    [Fact]
    public async Task OnlineMeetingOnlyWithAProviderTheCalendarAllows()
    {
        var body = Harness.Event(Harness.Day.AddHours(9));
        body["isOnlineMeeting"] = true;
        body["onlineMeetingProvider"] = "teamsForBusiness";
        var teams = await _h.CreateEvent(body);
        Assert.StartsWith("https://teams.microsoft.com/l/meetup-join/", teams.Body!["onlineMeeting"]!["joinUrl"]!.GetValue<string>());
        Assert.Contains(teams.Body["onlineMeeting"]!["joinUrl"]!.GetValue<string>(), teams.Body["body"]!["content"]!.GetValue<string>());

        _h.Graph.SetOnlineMeetingProviders(Harness.Mailbox, ["skypeForBusiness"]);
        var refused = await _h.CreateEvent((JsonObject)body.DeepClone());
        Assert.False(refused.Body!["isOnlineMeeting"]!.GetValue<bool>());
        Assert.Equal("unknown", refused.Body["onlineMeetingProvider"]!.GetValue<string>());
        Assert.Null(refused.Body["onlineMeeting"]);
    }

    // event-update.md: a body without the meeting blob "would disable meeting online".
    [Fact]
    public async Task ReplacingTheBodyOfAnOnlineMeetingWithoutItsBlobDisablesIt()
    {
        var body = Harness.Event(Harness.Day.AddHours(9));
        body["isOnlineMeeting"] = true;
        var created = await _h.CreateEvent(body);
        var patched = await _h.Patch($"{Events}/{created.Id}", new JsonObject { ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = "new" } });
        Assert.False(patched.Body!["isOnlineMeeting"]!.GetValue<bool>());
    }

    // calendar-get.md: allowedOnlineMeetingProviders, defaultOnlineMeetingProvider.
    [Fact]
    public async Task CalendarTellsItsOnlineMeetingProviders()
    {
        var reply = await _h.Get($"users/{Harness.Mailbox}/calendar?$select=allowedOnlineMeetingProviders,defaultOnlineMeetingProvider");
        Assert.Equal("teamsForBusiness", reply.Body!["allowedOnlineMeetingProviders"]![0]!.GetValue<string>());
        Assert.Equal("teamsForBusiness", reply.Body["defaultOnlineMeetingProvider"]!.GetValue<string>());
    }

    // message-get.md / event-get.md: HTML unless Prefer: outlook.body-content-type="text" (Preference-Applied).
    [Fact]
    public async Task TextBodiesComeBackAsHtmlUnlessTextIsPreferred()
    {
        var body = Harness.Event(Harness.Day.AddHours(9));
        body["body"] = new JsonObject { ["contentType"] = "text", ["content"] = "{\"a\":\"<1>\"}" };
        var created = await _h.CreateEvent(body);
        var html = await _h.Get($"{Events}/{created.Id}");
        Assert.Equal("html", html.Body!["body"]!["contentType"]!.GetValue<string>());
        Assert.Contains("&lt;1&gt;", html.Body["body"]!["content"]!.GetValue<string>());
        var text = await _h.Get($"{Events}/{created.Id}", r => Harness.Prefer(r, "outlook.body-content-type=\"text\""));
        Assert.Equal("{\"a\":\"<1>\"}", text.Body!["body"]!["content"]!.GetValue<string>());
        Assert.Contains("outlook.body-content-type", text.Header("Preference-Applied"));
    }

    // OData: an enumeration member that does not exist is refused (resources/event.md showAs values).
    [Fact]
    public async Task UnknownShowAsAndUnknownPropertiesAreRefused()
    {
        var body = Harness.Event(Harness.Day.AddHours(9));
        body["showAs"] = "away";
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.Post(Events, body)).Status);
        var typo = Harness.Event(Harness.Day.AddHours(9));
        typo["subjekt"] = "x";
        Assert.Equal("RequestBodyRead", (await _h.Post(Events, typo)).ErrorCode);
    }

    [Fact]
    public async Task DeletedEventIsGone()
    {
        var created = await _h.CreateEvent(Harness.Event(Harness.Day.AddHours(9)));
        Assert.Equal(HttpStatusCode.NoContent, (await _h.Delete($"users/{Harness.Mailbox}/calendar/events/{created.Id}")).Status);
        var reply = await _h.Get($"{Events}/{created.Id}");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("ErrorItemNotFound", reply.ErrorCode);
    }
}
