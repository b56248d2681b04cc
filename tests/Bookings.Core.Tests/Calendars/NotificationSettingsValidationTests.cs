using Bookings.Core.Calendars;
using Bookings.Core.Tests.Availability;

namespace Bookings.Core.Tests.Calendars;

/// <summary>The notification parts of the calendar document are checked when it is saved, each problem at its path.</summary>
public class NotificationSettingsValidationTests
{
    private static ValidationProblem OnlyProblem(string path, Action<CalendarDocument> change)
    {
        var problem = Assert.Single(CalendarValidator.Validate(TestCalendar.Create(change)));
        Assert.Equal(path, problem.Path);
        return problem;
    }

    [Fact]
    public void ABrokenTemplateIsRefusedWithItsLineAndReason()
    {
        var problems = CalendarValidator.Validate(TestCalendar.Create(d => d.NotificationTemplates =
        [
            new NotificationTemplate { Kind = "booking.customer", Language = "en", Text = "Hello {{ customer_name }}\nSee you {{ if }}" },
        ]));

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal("notificationTemplates[0].text", p.Path));
        Assert.All(problems, p => Assert.StartsWith("line 2, column 15:", p.Message, StringComparison.Ordinal));
        Assert.Throws<CalendarValidationException>(() => CalendarValidator.ThrowIfInvalid(TestCalendar.Create(d => d.NotificationTemplates =
            [new NotificationTemplate { Kind = "booking.customer", Language = "en", Html = "{{ for x in 1..3 }}" }])));
    }

    [Fact]
    public void AGoodOverrideIsAccepted()
    {
        Assert.Empty(CalendarValidator.Validate(TestCalendar.Create(d => d.NotificationTemplates =
        [
            new NotificationTemplate { Kind = "booking.customer", Language = "pl", Subject = "Rezerwacja: {{ service_name }}" },
        ])));
    }

    [Fact]
    public void RemindersFollowUpsMeetingLinksAndSmsRegionsAreChecked()
    {
        OnlyProblem("services[0].reminders[0].offset", d => d.Services[0].Reminders = [new BookingReminder { Offset = TimeSpan.Zero }]);
        OnlyProblem("services[0].followUp.offset", d => d.Services[0].FollowUp = new BookingFollowUp { Offset = TimeSpan.FromDays(-1) });
        OnlyProblem("services[0].onlineMeetingUrlTemplate", d => d.Services[0].OnlineMeetingUrlTemplate = "javascript:alert(1)");
        OnlyProblem("services[0].smsNotificationsEnabled", d => d.Services[0].SmsNotificationsEnabled = true);
        OnlyProblem("smsAllowedRegions", d => d.SmsAllowedRegions = ["Poland"]);
        Assert.Empty(CalendarValidator.Validate(TestCalendar.Create(d =>
        {
            d.Services[0].SmsNotificationsEnabled = true;
            d.SmsAllowedRegions = ["PL", "GB"];
            d.Services[0].OnlineMeetingUrlTemplate = "https://meet.jit.si/room-{appointmentId}";
            d.Services[0].Reminders = [new BookingReminder { Offset = TimeSpan.FromHours(24), Message = "See you" }];
        })));
    }
}
