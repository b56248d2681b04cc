using System.Text.Json;
using Bookings.Core.Calendars;
using Bookings.Core.Demo;

namespace Bookings.Core.Tests.Calendars;

public class CalendarJsonTests
{
    /// <summary>The JSON value the serializer writes at a path of property names and indexes.</summary>
    private static JsonElement Written(CalendarDocument doc, params object[] path)
    {
        var e = JsonDocument.Parse(CalendarJson.Serialize(doc)).RootElement;
        foreach (var step in path)
            e = step is int i ? e[i] : e.GetProperty((string)step);
        return e.Clone();
    }

    private static CalendarDocumentException ParseFails(string json) =>
        Assert.Throws<CalendarDocumentException>(() => CalendarJson.Parse(json));

    private static string Policy(string interval, string lead, string advance) =>
        $$"""{ "schedulingPolicy": { "timeSlotInterval": "{{interval}}", "minimumLeadTime": "{{lead}}", "maximumAdvance": "{{advance}}" } }""";

    private static string Slot(string start, string end) =>
        $$"""{ "businessHours": [ { "day": "monday", "timeSlots": [ { "startTime": "{{start}}", "endTime": "{{end}}" } ] } ] }""";

    [Fact]
    public void TheDemoDocumentParses()
    {
        var doc = DemoCalendar.Create();

        Assert.Equal(1, doc.SchemaVersion);
        Assert.Equal("contoso", doc.Slug);
        Assert.Equal("Europe/Warsaw", doc.BusinessTimeZone);
        Assert.Equal(["anna", "piotr", "maria"], doc.StaffMembers.Select(s => s.Id));
        Assert.Equal(StaffRole.Administrator, doc.StaffMembers[0].Role);
        Assert.Equal(5, doc.FindService("workshop")!.MaximumAttendeesCount);
        Assert.Equal(TimeSpan.FromMinutes(60), doc.FindService("workshop")!.DefaultDuration);
        Assert.Equal(TimeSpan.FromHours(2), doc.SchedulingPolicy.MinimumLeadTime);
        Assert.Equal(TimeSpan.FromDays(90), doc.SchedulingPolicy.MaximumAdvance);
        Assert.Equal(DayOfWeek.Monday, doc.BusinessHours[0].Day);
        Assert.Equal(TimeSpan.FromHours(9), doc.BusinessHours[0].TimeSlots[0].StartTime);
        Assert.Equal(TimeSpan.FromHours(17), doc.BusinessHours[0].TimeSlots[0].EndTime);
        Assert.Equal(AnswerInputType.RadioButton, doc.CustomQuestions[1].AnswerInputType);
    }

    [Fact]
    public void TheDemoDocumentIsValid()
    {
        Assert.Empty(CalendarValidator.Validate(DemoCalendar.Create()));
    }

    [Fact]
    public void TheDemoDocumentRoundTripsThroughSerializeAndParse()
    {
        var json = CalendarJson.Serialize(DemoCalendar.Create());

        Assert.Equal(json, CalendarJson.Serialize(CalendarJson.Parse(json)));
    }

    [Fact]
    public void CompactJsonRoundTripsToTheSameDocument()
    {
        var doc = DemoCalendar.Create();

        var compact = CalendarJson.Serialize(doc, indented: false);

        Assert.DoesNotContain('\n', compact);
        Assert.Equal(CalendarJson.Serialize(doc), CalendarJson.Serialize(CalendarJson.Parse(compact)));
    }

    [Fact]
    public void CloneGivesAnEqualButSeparateDocument()
    {
        var doc = DemoCalendar.Create();

        var clone = CalendarJson.Clone(doc);
        clone.StaffMembers[0].DisplayName = "Someone else";

        Assert.Equal("Anna Kowalska", doc.StaffMembers[0].DisplayName);
        Assert.Equal(CalendarJson.Serialize(DemoCalendar.Create()), CalendarJson.Serialize(doc));
    }

    [Fact]
    public void IsoDurationsAreRead()
    {
        var doc = CalendarJson.Parse(Policy("PT30M", "PT0S", "P1D"));

        Assert.Equal(TimeSpan.FromMinutes(30), doc.SchedulingPolicy.TimeSlotInterval);
        Assert.Equal(TimeSpan.Zero, doc.SchedulingPolicy.MinimumLeadTime);
        Assert.Equal(TimeSpan.FromDays(1), doc.SchedulingPolicy.MaximumAdvance);
    }

    [Fact]
    public void IsoDurationsAreWritten()
    {
        var doc = CalendarJson.Parse(Policy("PT30M", "PT0S", "P1D"));

        Assert.Equal("PT30M", Written(doc, "schedulingPolicy", "timeSlotInterval").GetString());
        Assert.Equal("PT0S", Written(doc, "schedulingPolicy", "minimumLeadTime").GetString());
        Assert.Equal("P1D", Written(doc, "schedulingPolicy", "maximumAdvance").GetString());
    }

    [Theory]
    [InlineData(90, "PT1H30M")]
    [InlineData(60 * 24 * 90, "P90D")]
    [InlineData(60 * 26, "P1DT2H")]
    public void DurationsAreFormattedTheIsoWay(int minutes, string expected)
    {
        Assert.Equal(expected, IsoDurationConverter.Format(TimeSpan.FromMinutes(minutes)));
    }

    [Theory]
    [InlineData("30")]
    [InlineData("30 minutes")]
    [InlineData("00:30:00")]
    [InlineData("")]
    public void ANonIsoDurationIsRefusedAtItsPlace(string value)
    {
        var e = ParseFails(Policy(value, "PT0S", "P1D"));

        Assert.Contains("$.schedulingPolicy.timeSlotInterval", e.Message);
    }

    [Theory]
    [InlineData("09:00:00", 9 * 60)]
    [InlineData("09:00:00.0000000", 9 * 60)]
    [InlineData("09:30", 9 * 60 + 30)]
    [InlineData("00:00:00", 0)]
    [InlineData("23:59:00", 23 * 60 + 59)]
    [InlineData("24:00:00", 24 * 60)]
    [InlineData("24:00:00.0000000", 24 * 60)]
    [InlineData("24:00", 24 * 60)]
    public void TimesOfDayAreRead(string value, int minutes)
    {
        var doc = CalendarJson.Parse(Slot("00:00:00", value));

        Assert.Equal(TimeSpan.FromMinutes(minutes), doc.BusinessHours[0].TimeSlots[0].EndTime);
    }

    [Theory]
    [InlineData("25:00:00")]
    [InlineData("24:00:01")]
    [InlineData("24:30:00")]
    [InlineData("12:60:00")]
    [InlineData("-01:00:00")]
    [InlineData("9am")]
    [InlineData("9:00")]
    [InlineData("")]
    [InlineData("1.09:00:00")]
    public void AnInvalidTimeOfDayIsRefusedAtItsPlace(string value)
    {
        var e = ParseFails(Slot(value, "17:00:00"));

        Assert.Contains("$.businessHours[0].timeSlots[0].startTime", e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    [Fact]
    public void TimesOfDayAreWrittenAsHoursMinutesAndSecondsWithTheEndOfDayAsTwentyFour()
    {
        var doc = CalendarJson.Parse(Slot("09:00:00.0000000", "24:00:00.0000000"));

        Assert.Equal("09:00:00", Written(doc, "businessHours", 0, "timeSlots", 0, "startTime").GetString());
        Assert.Equal("24:00:00", Written(doc, "businessHours", 0, "timeSlots", 0, "endTime").GetString());
    }

    [Fact]
    public void FractionsOfASecondSurviveARoundTrip()
    {
        var doc = CalendarJson.Parse(Slot("09:00:00.5", "17:00:00"));

        Assert.Equal("09:00:00.5", Written(doc, "businessHours", 0, "timeSlots", 0, "startTime").GetString());
        Assert.Equal(new TimeSpan(0, 9, 0, 0, 500), CalendarJson.Clone(doc).BusinessHours[0].TimeSlots[0].StartTime);
    }

    [Fact]
    public void EnumsAreReadAndWrittenInCamelCase()
    {
        var doc = CalendarJson.Parse("""
            {
              "businessHours": [ { "day": "monday", "timeSlots": [] } ],
              "bookingPageSettings": { "accessControl": "restrictedToOrganization" },
              "staffMembers": [ { "id": "anna", "role": "teamMember", "membershipStatus": "pendingAcceptance" } ],
              "services": [ { "id": "consult", "defaultPriceType": "fixedPrice" } ],
              "customQuestions": [ { "id": "q", "answerInputType": "radioButton" } ]
            }
            """);

        Assert.Equal(DayOfWeek.Monday, doc.BusinessHours[0].Day);
        Assert.Equal(StaffRole.TeamMember, doc.StaffMembers[0].Role);
        Assert.Equal(MembershipStatus.PendingAcceptance, doc.StaffMembers[0].MembershipStatus);
        Assert.Equal("monday", Written(doc, "businessHours", 0, "day").GetString());
        Assert.Equal("restrictedToOrganization", Written(doc, "bookingPageSettings", "accessControl").GetString());
        Assert.Equal("teamMember", Written(doc, "staffMembers", 0, "role").GetString());
        Assert.Equal("pendingAcceptance", Written(doc, "staffMembers", 0, "membershipStatus").GetString());
        Assert.Equal("fixedPrice", Written(doc, "services", 0, "defaultPriceType").GetString());
        Assert.Equal("radioButton", Written(doc, "customQuestions", 0, "answerInputType").GetString());
    }

    [Fact]
    public void AnEnumGivenAsANumberIsRefused()
    {
        var e = ParseFails("""{ "businessHours": [ { "day": 1 } ] }""");

        Assert.Contains("$.businessHours[0].day", e.Message);
    }

    [Fact]
    public void AnUnknownEnumValueIsRefusedAtItsPlace()
    {
        var e = ParseFails("""{ "staffMembers": [ { "id": "anna", "role": "boss" } ] }""");

        Assert.Contains("$.staffMembers[0].role", e.Message);
    }

    [Fact]
    public void PropertyNamesAreGraphsCamelCaseNames()
    {
        var root = Written(DemoCalendar.Create());

        foreach (var name in new[] { "schemaVersion", "slug", "displayName", "businessHours", "schedulingPolicy", "bookingPageSettings", "services", "staffMembers", "customQuestions" })
            Assert.True(root.TryGetProperty(name, out _), name);
        Assert.True(root.GetProperty("services")[0].TryGetProperty("maximumAttendeesCount", out _));
        Assert.True(root.GetProperty("staffMembers")[0].TryGetProperty("useBusinessHours", out _));
    }

    [Fact]
    public void ComputedPropertiesAndNullsAreNotWritten()
    {
        var root = Written(DemoCalendar.Create());

        Assert.False(root.TryGetProperty("businessTimeZone", out _));
        Assert.False(root.GetProperty("services")[0].TryGetProperty("isGroup", out _));
        Assert.False(root.GetProperty("staffMembers")[0].TryGetProperty("isBookable", out _));
        Assert.False(root.GetProperty("staffMembers")[0].TryGetProperty("icsFeedUrl", out _));
    }

    [Fact]
    public void UnknownPropertiesCommentsAndTrailingCommasAreAccepted()
    {
        var doc = CalendarJson.Parse("""
            {
              // Exported from Microsoft Graph
              "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#solutions/bookingBusinesses/$entity",
              "slug": "contoso",
              "somethingNew": { "nested": [1, 2, 3] },
            }
            """);

        Assert.Equal("contoso", doc.Slug);
    }

    [Fact]
    public void MissingPartsTakeTheirDefaults()
    {
        var doc = CalendarJson.Parse("{}");

        Assert.Equal(1, doc.SchemaVersion);
        Assert.Equal("UTC", doc.BusinessTimeZone);
        Assert.Equal(TimeSpan.FromMinutes(30), doc.SchedulingPolicy.TimeSlotInterval);
        Assert.Empty(doc.Services);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "slug": """)]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("")]
    public void MalformedJsonIsACalendarDocumentException(string json)
    {
        var e = ParseFails(json);

        Assert.StartsWith("The calendar document is not valid JSON", e.Message);
    }

    [Fact]
    public void JsonNullIsAnEmptyDocument()
    {
        var e = ParseFails("null");

        Assert.Contains("empty", e.Message);
    }

    [Theory]
    [InlineData("""{ "schemaVersion": "one" }""", "$.schemaVersion")]
    [InlineData("""{ "services": 5 }""", "$.services")]
    [InlineData("""{ "services": [ { "defaultDuration": 30 } ] }""", "$.services[0].defaultDuration")]
    [InlineData("""{ "services": [ { "maximumAttendeesCount": "five" } ] }""", "$.services[0].maximumAttendeesCount")]
    [InlineData("""{ "staffMembers": [ { "useBusinessHours": "yes" } ] }""", "$.staffMembers[0].useBusinessHours")]
    [InlineData("""{ "services": [ { "defaultPrice": null } ] }""", "$.services[0].defaultPrice")]
    public void AWrongTypeIsRefusedWithItsPlace(string json, string place)
    {
        var e = ParseFails(json);

        Assert.Contains(place, e.Message);
    }

    [Fact]
    public void TheMessageNamesTheLine()
    {
        var e = ParseFails("{\n  \"slug\": \"contoso\",\n  \"schemaVersion\": \"one\"\n}");

        Assert.Contains("(line 3)", e.Message);
    }

    [Fact]
    public void NullListsAndSectionsReadAsEmpty()
    {
        var doc = CalendarJson.Parse("""
            {
              "slug": null, "businessHours": null, "schedulingPolicy": null, "bookingPageSettings": null,
              "services": [ { "id": "consult", "staffMemberIds": null, "customQuestions": null } ],
              "staffMembers": [ { "id": "anna", "workingHours": null } ],
              "customQuestions": null
            }
            """);

        Assert.Equal("", doc.Slug);
        Assert.Empty(doc.BusinessHours);
        Assert.Empty(doc.Services[0].StaffMemberIds);
        Assert.Empty(doc.StaffMembers[0].WorkingHours);
        Assert.Equal(TimeSpan.FromMinutes(30), doc.SchedulingPolicy.TimeSlotInterval);
        Assert.Empty(doc.BookingPageSettings.FrameAncestors);
        Assert.NotEmpty(CalendarValidator.Validate(doc));
    }

    [Fact]
    public void WindowsTimeZoneIdsAreStoredAsIana()
    {
        var doc = CalendarJson.Parse("""
            {
              "bookingPageSettings": { "businessTimeZone": "Central European Standard Time" },
              "staffMembers": [ { "id": "john", "timeZone": "Eastern Standard Time" }, { "id": "anna", "timeZone": "Europe/Warsaw" } ]
            }
            """);

        Assert.Contains('/', doc.BusinessTimeZone);
        Assert.Equal(TimeSpan.FromHours(1), Bookings.Core.Time.TimeZones.Resolve(doc.BusinessTimeZone).BaseUtcOffset);
        Assert.StartsWith("America/", doc.StaffMembers[0].TimeZone);
        Assert.Equal("Europe/Warsaw", doc.StaffMembers[1].TimeZone);
    }

    [Fact]
    public void AnUnknownTimeZoneIsKeptForValidationToName()
    {
        var doc = CalendarJson.Parse("""{ "bookingPageSettings": { "businessTimeZone": "Europe/Atlantis" } }""");

        Assert.Equal("Europe/Atlantis", doc.BusinessTimeZone);
    }

    [Fact]
    public void AnExplicitNullTimeZoneIsRefusedByValidationRatherThanReadAsUtc()
    {
        var doc = CalendarJson.Parse("""{ "bookingPageSettings": { "businessTimeZone": null } }""");

        Assert.Contains(CalendarValidator.Validate(doc), p => p.Path == "bookingPageSettings.businessTimeZone");
    }

    [Theory]
    [InlineData("""{ "services": [ null ] }""", "$.services[0]")]
    [InlineData("""{ "staffMembers": [ { "id": "anna" }, null ] }""", "$.staffMembers[1]")]
    [InlineData("""{ "businessHours": [ { "day": "monday", "timeSlots": [ null ] } ] }""", "$.businessHours[0].timeSlots[0]")]
    [InlineData("""{ "staffMembers": [ { "id": "anna", "workingHours": [ null ] } ] }""", "$.staffMembers[0].workingHours[0]")]
    [InlineData("""{ "customQuestions": [ null ] }""", "$.customQuestions[0]")]
    [InlineData("""{ "services": [ { "customQuestions": [ null ] } ] }""", "$.services[0].customQuestions[0]")]
    public void ANullEntryInAListIsRefusedWithItsPlace(string json, string place)
    {
        var e = ParseFails(json);

        Assert.Contains(place, e.Message);
    }
}
