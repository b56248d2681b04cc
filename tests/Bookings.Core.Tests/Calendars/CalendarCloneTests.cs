using Bookings.Core.Calendars;
using Bookings.Core.Demo;

namespace Bookings.Core.Tests.Calendars;

public class CalendarCloneTests
{
    private static CalendarDocument Source()
    {
        var doc = DemoCalendar.Create();
        doc.Id = "contoso@bookings.local";
        doc.StaffMembers[0].IcsFeedUrl = "https://calendar.example.com/anna.ics";
        doc.StaffMembers[1].MembershipStatus = MembershipStatus.PendingAcceptance;
        doc.StaffMembers[1].InvitationTokenHash = "c2VjcmV0LWhhc2g";
        doc.StaffMembers[1].InvitedAt = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        doc.BookingPageSettings.FrameAncestors = ["https://www.contoso.com"];
        doc.SmsAllowedRegions = ["PL"];
        doc.NotificationTemplates = [new NotificationTemplate { Kind = "booking.customer", Language = "en", Subject = "Your booking" }];
        return doc;
    }

    [Fact]
    public void TheCopyHasTheNewSlugAndNameAndNoMailbox()
    {
        var copy = CalendarClone.Copy(Source(), "contoso-krakow", "Contoso Kraków");

        Assert.Null(copy.Id);
        Assert.Equal("contoso-krakow", copy.Slug);
        Assert.Equal("Contoso Kraków", copy.DisplayName);
        Assert.Empty(CalendarValidator.Validate(copy));
    }

    [Fact]
    public void TheCopyKeepsTheConfiguration()
    {
        var source = Source();
        var copy = CalendarClone.Copy(source, "copy", "Copy");

        Assert.Equal(source.Services.Select(s => (s.Id, s.DisplayName, s.DefaultDuration, s.MaximumAttendeesCount)),
            copy.Services.Select(s => (s.Id, s.DisplayName, s.DefaultDuration, s.MaximumAttendeesCount)));
        Assert.Equal(source.StaffMembers.Select(s => (s.Id, s.EmailAddress, s.Role, s.MembershipStatus)),
            copy.StaffMembers.Select(s => (s.Id, s.EmailAddress, s.Role, s.MembershipStatus)));
        Assert.Equal(source.CustomQuestions.Select(q => q.Id), copy.CustomQuestions.Select(q => q.Id));
        Assert.Equal(source.BusinessTimeZone, copy.BusinessTimeZone);
        Assert.Equal(source.BusinessHours.Count, copy.BusinessHours.Count);
        Assert.Equal(source.SchedulingPolicy.MinimumLeadTime, copy.SchedulingPolicy.MinimumLeadTime);
        Assert.Equal(["https://www.contoso.com"], copy.BookingPageSettings.FrameAncestors);
        Assert.Equal(["PL"], copy.SmsAllowedRegions);
        Assert.Equal("Your booking", Assert.Single(copy.NotificationTemplates).Subject);
        Assert.Equal(source.LanguageTag, copy.LanguageTag);
        Assert.Equal(source.Email, copy.Email);
    }

    [Fact]
    public void TheCopyHasNoIcsFeedsAndNoOpenInvitations()
    {
        var copy = CalendarClone.Copy(Source(), "copy", "Copy");

        Assert.All(copy.StaffMembers, s =>
        {
            Assert.Null(s.IcsFeedUrl);
            Assert.Null(s.InvitationTokenHash);
            Assert.Null(s.InvitedAt);
        });
        Assert.DoesNotContain("calendar.example.com", CalendarJson.Serialize(copy));
        Assert.DoesNotContain("c2VjcmV0LWhhc2g", CalendarJson.Serialize(copy));
    }

    [Fact]
    public void TheCopyStartsUnpublished()
    {
        Assert.False(CalendarClone.Copy(Source(), "copy", "Copy").IsPublished);
    }

    [Fact]
    public void TheSourceIsNotChanged()
    {
        var source = Source();
        var before = CalendarJson.Serialize(source);

        var copy = CalendarClone.Copy(source, "copy", "Copy");
        copy.Services[0].DisplayName = "Changed";
        copy.StaffMembers[0].Role = StaffRole.Viewer;

        Assert.Equal(before, CalendarJson.Serialize(source));
    }

    [Fact]
    public void TheStarterCalendarIsValidAndOpenOnWeekdays()
    {
        var doc = StarterCalendar.Build("new-one", "New one", "Central European Standard Time");

        Assert.Empty(CalendarValidator.Validate(doc));
        Assert.Equal("Europe/Warsaw", doc.BusinessTimeZone);
        Assert.Equal(StarterCalendar.Weekdays, doc.BusinessHours.Select(h => h.Day));
        Assert.All(doc.BusinessHours, h => Assert.Equal((TimeSpan.FromHours(9), TimeSpan.FromHours(17)), (h.TimeSlots[0].StartTime, h.TimeSlots[0].EndTime)));
        var service = Assert.Single(doc.Services);
        Assert.Equal(TimeSpan.FromMinutes(30), service.DefaultDuration);
        Assert.Equal("Appointment", service.DisplayName);
        Assert.Equal("Wizyta", StarterCalendar.Build("x", "X", "UTC", languageTag: "pl-PL").Services[0].DisplayName);
    }
}
