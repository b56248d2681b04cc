using Bookings.Core.Calendars;
using Bookings.Core.Tests.Availability;

namespace Bookings.Core.Tests.Calendars;

public class CalendarValidatorTests
{
    private static IReadOnlyList<ValidationProblem> Problems(Action<CalendarDocument> change) =>
        CalendarValidator.Validate(TestCalendar.Create(change));

    /// <summary>The one problem a change causes, asserted to be at the given path.</summary>
    private static ValidationProblem OnlyProblem(string path, Action<CalendarDocument> change)
    {
        var problem = Assert.Single(Problems(change));
        Assert.Equal(path, problem.Path);
        return problem;
    }

    private static BookingWorkTimeSlot Block(int startHour, int endHour) =>
        new() { StartTime = TimeSpan.FromHours(startHour), EndTime = TimeSpan.FromHours(endHour) };

    [Fact]
    public void TheTestCalendarIsValid()
    {
        Assert.Empty(CalendarValidator.Validate(TestCalendar.Create()));
    }

    [Fact]
    public void AnUnknownBusinessTimeZoneIsNamed()
    {
        var p = OnlyProblem("bookingPageSettings.businessTimeZone", d => d.BookingPageSettings.BusinessTimeZone = "Europe/Atlantis");

        Assert.Contains("'Europe/Atlantis'", p.Message);
        Assert.Contains("IANA", p.Message);
    }

    [Fact]
    public void AnAbbreviationIsNotATimeZone()
    {
        OnlyProblem("bookingPageSettings.businessTimeZone", d => d.BookingPageSettings.BusinessTimeZone = "CET");
    }

    [Fact]
    public void AWindowsTimeZoneIdIsAccepted()
    {
        Assert.Empty(Problems(d => d.BookingPageSettings.BusinessTimeZone = "Central European Standard Time"));
    }

    [Fact]
    public void AStaffMembersUnknownTimeZoneIsNamed()
    {
        OnlyProblem("staffMembers[1].timeZone", d => d.StaffMembers[1].TimeZone = "Nowhere/Land");
    }

    [Fact]
    public void AnEndBeforeTheStartInWorkingHoursIsNamed()
    {
        var p = OnlyProblem("businessHours[1].timeSlots[0]", d => d.BusinessHours[1].TimeSlots = [Block(17, 9)]);

        Assert.Contains("must be after the start", p.Message);
        Assert.Contains("17:00", p.Message);
    }

    [Fact]
    public void AnEmptyBlockIsRefused()
    {
        OnlyProblem("businessHours[0].timeSlots[0]", d => d.BusinessHours[0].TimeSlots = [Block(9, 9)]);
    }

    [Fact]
    public void ABlockEndingAtMidnightIsFine()
    {
        Assert.Empty(Problems(d => d.BusinessHours[0].TimeSlots = [new() { StartTime = TimeSpan.FromHours(18), EndTime = TimeSpan.FromDays(1) }]));
    }

    [Fact]
    public void ATimeBeyondMidnightIsRefused()
    {
        var p = OnlyProblem("businessHours[0].timeSlots[0]", d => d.BusinessHours[0].TimeSlots = [Block(22, 26)]);

        Assert.Contains("24:00:00", p.Message);
    }

    [Fact]
    public void OverlappingBlocksAreRefused()
    {
        var p = OnlyProblem("businessHours[0].timeSlots", d => d.BusinessHours[0].TimeSlots = [Block(13, 17), Block(9, 14)]);

        Assert.Contains("overlap", p.Message);
    }

    [Fact]
    public void ADayListedTwiceIsRefused()
    {
        OnlyProblem("businessHours[5].day", d => d.BusinessHours.Add(new BookingWorkHours { Day = DayOfWeek.Monday, TimeSlots = [Block(18, 20)] }));
    }

    [Fact]
    public void AStaffMembersOwnHoursAreCheckedWhenTheyDoNotUseBusinessHours()
    {
        OnlyProblem("staffMembers[2].workingHours[0].timeSlots[0]", d =>
        {
            d.StaffMembers[2].UseBusinessHours = false;
            d.StaffMembers[2].WorkingHours = [new BookingWorkHours { Day = DayOfWeek.Friday, TimeSlots = [Block(12, 8)] }];
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void ADurationOfZeroOrLessIsRefused(int minutes)
    {
        var p = OnlyProblem("services[0].defaultDuration", d => d.Services[0].DefaultDuration = TimeSpan.FromMinutes(minutes));

        Assert.Contains("more than zero", p.Message);
    }

    [Fact]
    public void ADurationOverADayIsRefused()
    {
        OnlyProblem("services[1].defaultDuration", d => d.Services[1].DefaultDuration = TimeSpan.FromHours(25));
    }

    [Fact]
    public void ANegativeBufferIsRefused()
    {
        OnlyProblem("services[0].preBuffer", d => d.Services[0].PreBuffer = TimeSpan.FromMinutes(-5));
    }

    [Fact]
    public void AServiceNamingAStaffIdThatDoesNotExistIsRefused()
    {
        var p = OnlyProblem("services[0].staffMemberIds", d => d.Services[0].StaffMemberIds = ["anna", "nobody"]);

        Assert.Contains("'nobody'", p.Message);
    }

    [Fact]
    public void AServiceNamingAQuestionThatDoesNotExistIsRefused()
    {
        OnlyProblem("services[0].customQuestions", d => d.Services[0].CustomQuestions = [new BookingQuestionAssignment { QuestionId = "missing" }]);
    }

    [Theory]
    [InlineData("PT2H", "PT12H", false)]
    [InlineData("PT0S", "P1D", true)]
    [InlineData("PT1H", "P1D", false)]
    [InlineData("PT0S", "PT23H", false)]
    [InlineData("PT1H", "P1DT1H", true)]
    [InlineData("PT2H", "P90D", true)]
    [InlineData("P2D", "P1D", false)]
    public void TheMaximumLeadTimeMustBeADayAfterTheMinimumExceptZeroAndOneDay(string minimum, string maximum, bool accepted)
    {
        var problems = Problems(d =>
        {
            d.SchedulingPolicy.MinimumLeadTime = System.Xml.XmlConvert.ToTimeSpan(minimum);
            d.SchedulingPolicy.MaximumAdvance = System.Xml.XmlConvert.ToTimeSpan(maximum);
        });

        if (accepted)
        {
            Assert.Empty(problems);
        }
        else
        {
            var p = Assert.Single(problems);
            Assert.Equal("schedulingPolicy.maximumAdvance", p.Path);
            Assert.Contains("24 hours", p.Message);
        }
    }

    [Fact]
    public void AServicesOwnPolicyIsCheckedAtItsOwnPath()
    {
        OnlyProblem("services[1].schedulingPolicy.maximumAdvance", d => d.Services[1].SchedulingPolicy = new BookingSchedulingPolicy
        {
            MinimumLeadTime = TimeSpan.FromHours(2),
            MaximumAdvance = TimeSpan.FromHours(12),
        });
    }

    [Fact]
    public void FarOutOfRangeLeadTimesAreReportedNotThrown()
    {
        var problems = Problems(d =>
        {
            d.SchedulingPolicy.MinimumLeadTime = TimeSpan.MinValue;
            d.SchedulingPolicy.MaximumAdvance = TimeSpan.MaxValue;
        });

        Assert.Equal(["schedulingPolicy.minimumLeadTime", "schedulingPolicy.maximumAdvance"], problems.Select(p => p.Path));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60 * 25)]
    public void AnIntervalOutsideFiveMinutesToADayIsRefused(int minutes)
    {
        OnlyProblem("schedulingPolicy.timeSlotInterval", d => d.SchedulingPolicy.TimeSlotInterval = TimeSpan.FromMinutes(minutes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Contoso")]
    [InlineData("-contoso")]
    [InlineData("contoso-")]
    [InlineData("con toso")]
    [InlineData("kraków")]
    [InlineData("con_toso")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void AnInvalidSlugIsRefused(string slug)
    {
        var p = OnlyProblem("slug", d => d.Slug = slug);

        Assert.Contains("lowercase", p.Message);
        Assert.False(CalendarValidator.IsValidSlug(slug));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("contoso")]
    [InlineData("contoso-2")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void AValidSlugIsAccepted(string slug)
    {
        Assert.True(CalendarValidator.IsValidSlug(slug));
        Assert.Empty(Problems(d => d.Slug = slug));
    }

    [Fact]
    public void DuplicateStaffIdsAreRefused()
    {
        var p = OnlyProblem("staffMembers[2].id", d => d.StaffMembers[2].Id = "anna");

        Assert.Contains("Duplicate", p.Message);
    }

    [Fact]
    public void DuplicateServiceIdsAreRefused()
    {
        OnlyProblem("services[1].id", d => d.Services[1].Id = "consult");
    }

    [Fact]
    public void DuplicateQuestionIdsAreRefused()
    {
        OnlyProblem("customQuestions[1].id", d => d.CustomQuestions =
        [
            new BookingCustomQuestion { Id = "topic", DisplayName = "Topic" },
            new BookingCustomQuestion { Id = "topic", DisplayName = "Topic again" },
        ]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("anna smith")]
    [InlineData("-anna")]
    [InlineData("anna/smith")]
    public void AnInvalidIdIsRefused(string id)
    {
        OnlyProblem("staffMembers[0].id", d => d.StaffMembers[0].Id = id);
    }

    [Fact]
    public void ACapBelowOneIsRefused()
    {
        OnlyProblem("staffMembers[0].maxBookingsPerDay", d => d.StaffMembers[0].MaxBookingsPerDay = 0);
    }

    /// <summary>Each identifier, address and zone id of a valid document, set to its valid value followed by <paramref name="suffix"/>.</summary>
    private static void SetWith(CalendarDocument d, string path, string suffix)
    {
        switch (path)
        {
            case "slug": d.Slug = "test" + suffix; break;
            case "id": d.Id = "test@bookings.local" + suffix; break;
            case "email": d.Email = "hello@contoso.example" + suffix; break;
            case "phone": d.Phone = "+48 22 123 45 67" + suffix; break;
            case "webSiteUrl": d.WebSiteUrl = "https://www.contoso.example" + suffix; break;
            case "bookingPageSettings.businessTimeZone": d.BookingPageSettings.BusinessTimeZone = "Europe/Warsaw" + suffix; break;
            case "bookingPageSettings.frameAncestors": d.BookingPageSettings.FrameAncestors = ["https://www.contoso.example" + suffix]; break;
            case "bookingPageSettings.privacyPolicyWebUrl": d.BookingPageSettings.PrivacyPolicyWebUrl = "https://www.contoso.example/privacy" + suffix; break;
            case "bookingPageSettings.termsAndConditionsWebUrl": d.BookingPageSettings.TermsAndConditionsWebUrl = "https://www.contoso.example/terms" + suffix; break;
            case "staffMembers[0].id": d.StaffMembers[0].Id = "anna" + suffix; break;
            case "staffMembers[0].emailAddress": d.StaffMembers[0].EmailAddress = "anna@contoso.example" + suffix; break;
            case "staffMembers[0].timeZone": d.StaffMembers[0].TimeZone = "Europe/Warsaw" + suffix; break;
            case "staffMembers[0].icsFeedUrl": d.StaffMembers[0].IcsFeedUrl = "https://calendar.example/anna.ics" + suffix; break;
            case "services[0].id": d.Services[0].Id = "consult" + suffix; break;
            case "services[0].onlineMeetingUrlTemplate": d.Services[0].OnlineMeetingUrlTemplate = "https://meet.example/{appointmentId}" + suffix; break;
            case "customQuestions[0].id": d.CustomQuestions = [new BookingCustomQuestion { Id = "topic" + suffix, DisplayName = "Topic" }]; break;
            default: throw new ArgumentOutOfRangeException(nameof(path), path, null);
        }
    }

    public static TheoryData<string> IdentifierAddressAndZonePaths() =>
    [
        "slug", "id", "email", "phone", "webSiteUrl", "bookingPageSettings.businessTimeZone", "bookingPageSettings.frameAncestors",
        "bookingPageSettings.privacyPolicyWebUrl", "bookingPageSettings.termsAndConditionsWebUrl", "staffMembers[0].id",
        "staffMembers[0].emailAddress", "staffMembers[0].timeZone", "staffMembers[0].icsFeedUrl", "services[0].id",
        "services[0].onlineMeetingUrlTemplate", "customQuestions[0].id",
    ];

    [Theory]
    [MemberData(nameof(IdentifierAddressAndZonePaths))]
    public void ATrailingLineFeedInAnIdentifierAddressOrZoneIsRefusedByName(string path)
    {
        Assert.Empty(Problems(d => SetWith(d, path, "")));

        var problem = OnlyProblem(path, d => SetWith(d, path, "\n"));

        Assert.Contains("control character", problem.Message);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\t")]
    [InlineData("\0")]
    [InlineData("\u0085")]
    [InlineData("\u2028")]
    [InlineData("\u007f")]
    public void EveryControlCharacterIsRefusedWhereverItStands(string character)
    {
        foreach (var path in new[] { "staffMembers[0].emailAddress", "bookingPageSettings.businessTimeZone", "slug" })
        {
            Assert.Contains("control character", OnlyProblem(path, d => SetWith(d, path, character)).Message);
            Assert.Equal(path, Assert.Single(Problems(d =>
            {
                SetWith(d, path, "");
                if (path == "slug") d.Slug = character + d.Slug;
                else if (path == "bookingPageSettings.businessTimeZone") d.BookingPageSettings.BusinessTimeZone = "Europe/" + character + "Warsaw";
                else d.StaffMembers[0].EmailAddress = character + d.StaffMembers[0].EmailAddress;
            })).Path);
        }
    }

    [Fact]
    public void SeveralProblemsAreReportedTogetherInDocumentOrder()
    {
        var problems = Problems(d =>
        {
            d.Slug = "Not A Slug";
            d.BookingPageSettings.BusinessTimeZone = "Europe/Atlantis";
            d.BusinessHours[0].TimeSlots = [Block(17, 9)];
            d.Services[0].DefaultDuration = TimeSpan.Zero;
            d.Services[1].StaffMemberIds = ["ghost"];
        });

        Assert.Equal(
            ["slug", "bookingPageSettings.businessTimeZone", "businessHours[0].timeSlots[0]", "services[0].defaultDuration", "services[1].staffMemberIds"],
            problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
    }

    [Fact]
    public void ThrowIfInvalidListsEveryProblemWithItsPath()
    {
        var doc = TestCalendar.Create(d =>
        {
            d.Slug = "";
            d.Services[0].DefaultDuration = TimeSpan.Zero;
        });

        var e = Assert.Throws<CalendarValidationException>(() => CalendarValidator.ThrowIfInvalid(doc));

        Assert.Equal(2, e.Problems.Count);
        Assert.Contains("slug: ", e.Message);
        Assert.Contains("services[0].defaultDuration: ", e.Message);
    }

    [Fact]
    public void AProblemReadsAsPathThenMessage()
    {
        Assert.Equal("slug: Bad.", new ValidationProblem("slug", "Bad.").ToString());
    }
}
