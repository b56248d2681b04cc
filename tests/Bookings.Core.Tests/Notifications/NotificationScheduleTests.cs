using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using static Bookings.Core.Tests.Notifications.TestBookings;

namespace Bookings.Core.Tests.Notifications;

/// <summary>What the composer adds beyond the two emails: the owner's copy, reminders, follow-ups, SMS, reschedules, invitations, time off.</summary>
public class NotificationScheduleTests
{
    private readonly NotificationComposer _composer = new();

    private static EmailMessage Email(OutboxMessage m) => NotificationComposerTests.Email(m);

    private static Mailbox WithReminders(Action<CalendarDocument>? more = null) => Mailbox(d =>
    {
        var consult = d.FindService("consult")!;
        consult.Reminders =
        [
            new BookingReminder { Offset = TimeSpan.FromDays(1), Recipients = BookingReminderRecipients.AllAttendees, Message = "Bring your documents." },
            new BookingReminder { Offset = TimeSpan.FromHours(1), Recipients = BookingReminderRecipients.Customer },
        ];
        consult.FollowUp = new BookingFollowUp { Offset = TimeSpan.FromDays(2), Message = "How did it go?" };
        more?.Invoke(d);
    });

    [Fact]
    public void RemindersAndTheFollowUpAreScheduledFromTheAppointmentWithACutOff()
    {
        var jan = Attendee();
        var messages = _composer.Booked(WithReminders(), Appointment([jan]), jan, ManageUrl, Now);

        var scheduled = messages.Where(m => NotificationKinds.IsScheduled(m.Kind)).ToList();
        Assert.Equal(
            [
                (NotificationKinds.ReminderCustomer, Start.AddDays(-1), (DateTimeOffset?)Start, "jan@example.com"),
                (NotificationKinds.ReminderStaff, Start.AddDays(-1), Start, "piotr@contoso.example"),
                (NotificationKinds.ReminderCustomer, Start.AddHours(-1), Start, "jan@example.com"),
                (NotificationKinds.FollowUpCustomer, Start.AddMinutes(30).AddDays(2), Start.AddMinutes(30).AddDays(9), "jan@example.com"),
            ],
            scheduled.Select(m => (m.Kind, m.DueAt, m.ExpiresAt, Email(m).To.Address)));
        Assert.Equal($"apt-1:a-1:reminder.customer:0:{Start.UtcTicks}", scheduled[0].DeduplicationKey);
        Assert.Equal($"apt-1:staff:reminder.staff:0:{Start.UtcTicks}", scheduled[1].DeduplicationKey);
        Assert.Contains("Bring your documents.", Email(scheduled[0]).TextBody);
        Assert.Contains(ManageUrl, Email(scheduled[0]).TextBody);
        Assert.Contains("How did it go?", Email(scheduled[3]).TextBody);
        Assert.All(scheduled, m => Assert.Empty(Email(m).Attachments));
    }

    [Fact]
    public void AReminderWhoseTimeHasPassedWhenBookingIsNotScheduled()
    {
        var jan = Attendee();
        var messages = _composer.Booked(WithReminders(), Appointment([jan]), jan, ManageUrl, Start.AddHours(-2));

        Assert.Equal([Start.AddHours(-1)], messages.Where(m => m.Kind == NotificationKinds.ReminderCustomer).Select(m => m.DueAt));
        Assert.DoesNotContain(messages, m => m.Kind == NotificationKinds.ReminderStaff);
    }

    [Fact]
    public void TheOwnerGetsACopyOnlyWhenTheCalendarAsks()
    {
        var jan = Attendee();
        Assert.DoesNotContain(_composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now), m => m.Kind == NotificationKinds.BookingOwner);

        var messages = _composer.Booked(Mailbox(d => d.SchedulingPolicy.SendConfirmationsToOwner = true), Appointment([jan]), jan, ManageUrl, Now);

        var copy = Email(Assert.Single(messages, m => m.Kind == NotificationKinds.BookingOwner));
        Assert.Equal("hello@contoso.example", copy.To.Address);
        Assert.Contains("Jan Kowalski", copy.TextBody);
        Assert.DoesNotContain(ManageUrl, copy.TextBody + copy.HtmlBody);
    }

    [Fact]
    public void TheCustomersLanguageChoosesTheirWordsAndTheStaffGetTheCalendarsLanguage()
    {
        var jan = Attendee() with { Language = "pl" };
        var messages = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now);

        Assert.Contains("grudnia 2026", Email(messages[0]).TextBody);
        Assert.Contains("December 2026", Email(messages[1]).TextBody);
    }

    [Fact]
    public void AnSmsGoesOnlyToAnOptedInCustomerOfAnSmsServiceInAnAllowedRegion()
    {
        var jan = Attendee() with { SmsOptIn = true, Phone = "600 100 200" };
        Mailbox Sms(bool enabled, params string[] regions) => WithReminders(d =>
        {
            d.FindService("consult")!.SmsNotificationsEnabled = enabled;
            d.SmsAllowedRegions = [.. regions];
        });

        var sent = _composer.Booked(Sms(true, "PL"), Appointment([jan]), jan, ManageUrl, Now);
        var sms = sent.Where(m => m.Channel == SmsMessage.Channel).ToList();
        Assert.Equal([NotificationKinds.BookingSms, NotificationKinds.ReminderSms, NotificationKinds.ReminderSms], sms.Select(m => m.Kind));
        var text = SmsMessage.FromJson(sms[0].Payload);
        Assert.Equal("+48600100200", text.To); // a national number read in the business's country (PL)
        Assert.Contains("Contoso Consulting", text.Body);
        Assert.DoesNotContain('\r', text.Body);

        Assert.DoesNotContain(_composer.Booked(Sms(false, "PL"), Appointment([jan]), jan, ManageUrl, Now), m => m.Channel == SmsMessage.Channel);
        Assert.DoesNotContain(_composer.Booked(Sms(true, "GB"), Appointment([jan]), jan, ManageUrl, Now), m => m.Channel == SmsMessage.Channel);
        var notOptedIn = jan with { SmsOptIn = false };
        Assert.DoesNotContain(_composer.Booked(Sms(true, "PL"), Appointment([notOptedIn]), notOptedIn, ManageUrl, Now), m => m.Channel == SmsMessage.Channel);
        var badNumber = jan with { Phone = "12" };
        Assert.DoesNotContain(_composer.Booked(Sms(true, "PL"), Appointment([badNumber]), badNumber, ManageUrl, Now), m => m.Channel == SmsMessage.Channel);
    }

    [Fact]
    public void ARescheduleIsAnUpdateWithTheRaisedSequenceTheOldAndNewTimeAndNewReminders()
    {
        var jan = Attendee();
        var before = Appointment([jan]);
        var after = before with { Start = Start.AddHours(3), End = Start.AddHours(3).AddMinutes(30), Sequence = 1 };

        var messages = _composer.Rescheduled(WithReminders(), before, after, jan, ManageUrl, Now);

        Assert.Equal([NotificationKinds.RescheduleCustomer, NotificationKinds.RescheduleStaff], messages.Where(m => !NotificationKinds.IsScheduled(m.Kind)).Select(m => m.Kind));
        var toJan = Email(messages[0]);
        Assert.Contains("09:00", toJan.TextBody); // was
        Assert.Contains("12:00", toJan.TextBody); // now
        Assert.Contains(ManageUrl, toJan.TextBody);
        var evt = Ics.Parse(toJan.Attachments.Single().Content).Events.Single();
        Assert.Equal((1, "apt-1@bookings.local"), (evt.Sequence, evt.Uid));
        Assert.Equal(after.Start.UtcDateTime, evt.DtStart!.AsUtc);
        Assert.Equal($"apt-1:a-1:reminder.customer:0:{after.Start.UtcTicks}", messages.First(m => m.Kind == NotificationKinds.ReminderCustomer).DeduplicationKey);
        Assert.Equal(after.Start.AddDays(-1), messages.First(m => m.Kind == NotificationKinds.ReminderCustomer).DueAt);
    }

    [Fact]
    public void MovingToAnotherStaffMemberCancelsItInTheFirstOnesCalendar()
    {
        var jan = Attendee();
        var before = Appointment([jan]);
        var after = before with { StaffId = "anna", Sequence = 1 };

        var messages = _composer.Rescheduled(Mailbox(), before, after, jan, ManageUrl, Now);

        Assert.Equal(["jan@example.com", "anna@contoso.example", "piotr@contoso.example"], messages.Select(m => Email(m).To.Address));
        var toPiotr = Email(messages[2]);
        Assert.Equal("CANCEL", Ics.Parse(toPiotr.Attachments.Single().Content).Method);
        Assert.Equal(1, Ics.Parse(toPiotr.Attachments.Single().Content).Events.Single().Sequence);
        Assert.Equal(3, messages.Select(m => m.DeduplicationKey).Distinct().Count());
    }

    [Fact]
    public void AnOnlineServicesMeetingLinkIsInTheEmailsTheIcsAndFromTheTemplate()
    {
        var jan = Attendee();
        var mailbox = Mailbox(d =>
        {
            var consult = d.FindService("consult")!;
            consult.IsLocationOnline = true;
            consult.OnlineMeetingUrlTemplate = "https://meet.jit.si/contoso-{appointmentId}";
        });

        var messages = _composer.Booked(mailbox, Appointment([jan]), jan, ManageUrl, Now);

        const string link = "https://meet.jit.si/contoso-apt-1";
        Assert.All(messages, m => Assert.Contains(link, Email(m).TextBody));
        Assert.All(messages, m => Assert.Contains($"href=\"{link}\"", Email(m).HtmlBody));
        var evt = Ics.Parse(Email(messages[0]).Attachments.Single().Content).Events.Single();
        Assert.Equal(link, evt.Url?.AbsoluteUri);
        // Teams (the Microsoft 365 store) wins over the template.
        var teams = Appointment([jan]) with { OnlineMeetingUrl = "https://teams.microsoft.com/l/meetup-join/x" };
        Assert.Equal("https://teams.microsoft.com/l/meetup-join/x", NotificationComposer.MeetingLink(mailbox.Document.FindService("consult"), teams));
        Assert.Null(NotificationComposer.MeetingLink(Mailbox().Document.FindService("consult"), Appointment([jan])));
    }

    [Theory]
    [InlineData("en", "Contoso Consulting will send you the link to join the online meeting.")]
    [InlineData("pl", "Link do spotkania online prześle Contoso Consulting.")]
    public void AnOnlineServiceWithoutALinkTellsTheCustomerThatTheBusinessSendsIt(string language, string sentence)
    {
        // No Teams (the mailbox does not allow it, or the embedded store) and no meeting link template of the service.
        var jan = Attendee() with { Language = language };
        var mailbox = Mailbox(d => d.FindService("consult")!.IsLocationOnline = true);

        var messages = _composer.Booked(mailbox, Appointment([jan]), jan, ManageUrl, Now);

        var customer = Email(messages[0]);
        Assert.Contains(sentence, customer.TextBody);
        Assert.Contains(sentence, customer.HtmlBody);
        Assert.DoesNotContain(sentence, Email(messages[1]).TextBody); // the staff member knows where they meet
    }

    [Fact]
    public void AStaffInvitationCarriesItsLinksAndEachInvitationIsItsOwnMessage()
    {
        var mailbox = Mailbox();
        var staff = mailbox.Document.FindStaff("maria")!;

        var first = Assert.Single(_composer.StaffInvited(mailbox, staff, "https://book.example/accept", "https://book.example/decline", Now));
        var second = Assert.Single(_composer.StaffInvited(mailbox, staff, "https://book.example/accept", "https://book.example/decline", Now.AddDays(1)));

        Assert.Equal((NotificationKinds.InvitationStaff, "maria@contoso.example"), (first.Kind, Email(first).To.Address));
        Assert.Contains("https://book.example/accept", Email(first).TextBody);
        Assert.Contains("https://book.example/decline", Email(first).HtmlBody);
        Assert.NotEqual(first.DeduplicationKey, second.DeduplicationKey);
        staff.EmailAddress = null;
        Assert.Empty(_composer.StaffInvited(mailbox, staff, "a", "b", Now));
    }

    [Fact]
    public void TimeOffIsToldToItsStaffMemberAndAClosureToNobody()
    {
        var mailbox = Mailbox();
        var off = new TimeOff("off-1", mailbox.Id, "anna", Start, Start.AddDays(2), "Conference");

        var notice = Email(Assert.Single(_composer.TimeOffAdded(mailbox, off, Now)));

        Assert.Equal("anna@contoso.example", notice.To.Address);
        Assert.Contains("Conference", notice.TextBody);
        Assert.Contains("1 December 2026", notice.TextBody);
        Assert.Empty(_composer.TimeOffAdded(mailbox, off with { StaffId = null }, Now));
    }

    [Fact]
    public void AGroupsLaterSeatsComposeTheSameStaffReminderEvenAfterAnotherSeatWasCancelled()
    {
        var ewa = Attendee("a-2", "Ewa", "ewa@example.com");
        var jan = Attendee("a-1");
        var mailbox = Mailbox(d => d.FindService("workshop")!.Reminders = [new BookingReminder { Offset = TimeSpan.FromHours(2), Recipients = BookingReminderRecipients.Staff }]);
        var first = Appointment([ewa], serviceId: "workshop", staffId: "anna", seats: 5, duration: TimeSpan.FromHours(1));
        var later = Appointment([ewa, jan], serviceId: "workshop", staffId: "anna", seats: 5, duration: TimeSpan.FromHours(1), sequence: 1);

        var a = _composer.Booked(mailbox, first, ewa, ManageUrl, Now).Single(m => m.Kind == NotificationKinds.ReminderStaff);
        var b = _composer.Booked(mailbox, later, jan, ManageUrl, Now).Single(m => m.Kind == NotificationKinds.ReminderStaff);

        Assert.Equal(a.DeduplicationKey, b.DeduplicationKey);
    }
}
