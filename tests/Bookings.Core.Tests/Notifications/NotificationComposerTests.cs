using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Ical.Net.CalendarComponents;
using static Bookings.Core.Tests.Notifications.TestBookings;

namespace Bookings.Core.Tests.Notifications;

public class NotificationComposerTests
{
    private readonly NotificationComposer _composer = new();

    [Fact]
    public void ABookingMakesOneEmailForTheCustomerAndOneForTheStaffMember()
    {
        var jan = Attendee();
        var messages = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now);

        Assert.Collection(messages,
            m =>
            {
                Assert.Equal(NotificationKinds.BookingCustomer, m.Kind);
                Assert.Equal("jan@example.com", Email(m).To.Address);
            },
            m =>
            {
                Assert.Equal(NotificationKinds.BookingStaff, m.Kind);
                Assert.Equal("piotr@contoso.example", Email(m).To.Address);
            });
        Assert.All(messages, m =>
        {
            Assert.Equal("email", m.Channel);
            Assert.Equal("contoso@bookings.local", m.MailboxId);
            Assert.Equal(Now, m.CreatedAt);
            Assert.Equal(Now, m.DueAt);
            Assert.Null(m.SentAt);
            Assert.Equal("Contoso Consulting", Email(m).SenderName);
            Assert.Equal("hello@contoso.example", Email(m).ReplyTo?.Address);
        });
        Assert.NotEqual(messages[0].DeduplicationKey, messages[1].DeduplicationKey);
    }

    [Fact]
    public void TheCustomerEmailHoldsTheManageLinkAndTheStaffEmailDoesNot()
    {
        var jan = Attendee();
        var messages = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now);

        var customer = Email(messages[0]);
        Assert.Contains(ManageUrl, customer.TextBody);
        Assert.Contains($"<a href=\"{ManageUrl}\">", customer.HtmlBody);
        Assert.Equal("Booking confirmed: Consultation on Tue 1 Dec 2026, 09:00", customer.Subject);
        var staff = Email(messages[1]);
        Assert.DoesNotContain("manage", staff.TextBody + staff.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Jan Kowalski", staff.TextBody);
        Assert.Contains("jan@example.com", staff.TextBody);
    }

    [Fact]
    public void ComposingTheSameChangeAgainGivesTheSameDeduplicationKeysAndNewIds()
    {
        var jan = Attendee();
        var first = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now);
        var retry = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now.AddSeconds(3));

        Assert.Equal(first.Select(m => m.DeduplicationKey), retry.Select(m => m.DeduplicationKey));
        Assert.Empty(first.Select(m => m.Id).Intersect(retry.Select(m => m.Id)));
    }

    [Fact]
    public void ACustomerWithoutAnEmailAddressGetsNoEmail()
    {
        var jan = Attendee(email: null);
        var messages = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now);

        var only = Assert.Single(messages);
        Assert.Equal(NotificationKinds.BookingStaff, only.Kind);
    }

    [Theory]
    [InlineData(false, "piotr@contoso.example")]
    [InlineData(true, null)]
    public void TheStaffCopyIsSkippedWhenTheStaffMemberTurnedNotificationsOffOrHasNoAddress(bool notificationsOn, string? address)
    {
        var jan = Attendee();
        var mailbox = Mailbox(d =>
        {
            d.FindStaff("piotr")!.IsEmailNotificationEnabled = notificationsOn;
            d.FindStaff("piotr")!.EmailAddress = address;
        });
        var messages = _composer.Booked(mailbox, Appointment([jan]), jan, ManageUrl, Now);

        Assert.Equal([NotificationKinds.BookingCustomer], messages.Select(m => m.Kind));
    }

    [Fact]
    public void TheInvitationIsARequestForTheAppointmentsUidSequenceAndTimesInTheBusinessZone()
    {
        var jan = Attendee();
        var messages = _composer.Booked(Mailbox(), Appointment([jan], sequence: 3), jan, ManageUrl, Now);

        foreach (var message in messages)
        {
            var attachment = Assert.Single(Email(message).Attachments);
            Assert.Equal("invite.ics", attachment.FileName);
            Assert.Equal("text/calendar; method=REQUEST; charset=utf-8", attachment.ContentType);
            var calendar = Ics.Parse(attachment.Content);
            Assert.Equal("REQUEST", calendar.Method);
            Assert.Equal(CalendarInvite.ProductId, calendar.ProductId);
            var evt = Assert.Single(calendar.Events);
            Assert.Equal("apt-1@bookings.local", evt.Uid);
            Assert.Equal(3, evt.Sequence);
            Assert.Equal("CONFIRMED", evt.Status);
            Assert.Equal("Europe/Warsaw", evt.DtStart!.TzId);
            Assert.Equal("Europe/Warsaw", evt.DtEnd!.TzId);
            Assert.Equal("Europe/Warsaw", Assert.Single(calendar.TimeZones).TzId);
            Assert.Equal(Start.UtcDateTime, evt.DtStart.AsUtc);
            Assert.Equal(Start.AddMinutes(30).UtcDateTime, evt.DtEnd.AsUtc);
            Assert.Equal(Now.UtcDateTime, evt.DtStamp!.AsUtc);
            Assert.Equal("Consultation — Contoso Consulting", evt.Summary);
            Assert.Equal("ul. Marszałkowska 1, 00-001 Warszawa, PL", evt.Location);
            Assert.Equal("mailto:contoso@bookings.local", evt.Organizer!.Value!.ToString());
            Assert.Equal("Contoso Consulting", evt.Organizer.CommonName);
            Assert.Equal(["mailto:piotr@contoso.example", "mailto:jan@example.com"], evt.Attendees.Select(a => a.Value!.ToString()));
            Assert.Contains("DTSTART;TZID=Europe/Warsaw:20261201T090000", attachment.Content.Split("\r\n"));
        }
    }

    [Fact]
    public void TheCancellationIsACancelWithTheSameUid()
    {
        var jan = Attendee();
        var booked = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now);
        var cancelledJan = jan with { Status = AttendeeStatus.Cancelled };
        var cancelled = _composer.Cancelled(Mailbox(), Appointment([cancelledJan], status: AppointmentStatus.Cancelled, sequence: 1), cancelledJan, Now.AddHours(1));

        Assert.Equal([NotificationKinds.CancellationCustomer, NotificationKinds.CancellationStaff], cancelled.Select(m => m.Kind));
        Assert.Empty(booked.Select(m => m.DeduplicationKey).Intersect(cancelled.Select(m => m.DeduplicationKey)));
        foreach (var message in cancelled)
        {
            var attachment = Assert.Single(Email(message).Attachments);
            Assert.Equal("text/calendar; method=CANCEL; charset=utf-8", attachment.ContentType);
            var calendar = Ics.Parse(attachment.Content);
            Assert.Equal("CANCEL", calendar.Method);
            var evt = Assert.Single(calendar.Events);
            Assert.Equal("apt-1@bookings.local", evt.Uid);
            Assert.Equal(1, evt.Sequence);
            Assert.Equal("CANCELLED", evt.Status);
        }
        Assert.Contains("cancelled", Email(cancelled[0]).Subject, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ManageUrl, Email(cancelled[0]).TextBody);
    }

    [Fact]
    public void CancellingOneSeatOfAGroupWritesOnlyToThatAttendeeAndTheStaffMember()
    {
        var ola = Attendee("a-1", "Ola Leaving", "ola@example.com", status: AttendeeStatus.Cancelled);
        var ewa = Attendee("a-2", "Ewa Staying", "ewa@example.com");
        var tom = Attendee("a-3", "Tom Staying", "tom@example.com");
        var workshop = Appointment([ola, ewa, tom], serviceId: "workshop", staffId: "anna", seats: 5, sequence: 2, duration: TimeSpan.FromHours(1));

        var messages = _composer.Cancelled(Mailbox(), workshop, ola, Now);

        Assert.Equal(["ola@example.com", "anna@contoso.example"], messages.Select(m => Email(m).To.Address));
        var toOla = Email(messages[0]);
        Assert.DoesNotContain("ewa@", Everything(toOla));
        Assert.DoesNotContain("Ewa", Everything(toOla));
        Assert.DoesNotContain("tom@", Everything(toOla));
        Assert.Equal("CANCEL", Ics.Parse(toOla.Attachments[0].Content).Method);

        // The class still runs: the staff member's calendar entry is updated, not removed.
        var toAnna = Email(messages[1]);
        var staffCalendar = Ics.Parse(toAnna.Attachments[0].Content);
        Assert.Equal("REQUEST", staffCalendar.Method);
        Assert.Equal(["mailto:anna@contoso.example", "mailto:ewa@example.com", "mailto:tom@example.com"],
            staffCalendar.Events.Single().Attendees.Select(a => a.Value!.ToString()));
        Assert.Contains("still takes place with 2 attendees", toAnna.TextBody);
    }

    [Fact]
    public void BookingASeatOfAGroupNeverNamesTheOtherCustomersToTheCustomer()
    {
        var ewa = Attendee("a-2", "Ewa Earlier", "ewa@example.com");
        var jan = Attendee("a-1");
        var workshop = Appointment([ewa, jan], serviceId: "workshop", staffId: "anna", seats: 5, duration: TimeSpan.FromHours(1));

        var messages = _composer.Booked(Mailbox(), workshop, jan, ManageUrl, Now);

        var toJan = Email(messages[0]);
        Assert.Equal("jan@example.com", toJan.To.Address);
        Assert.DoesNotContain("Ewa", Everything(toJan));
        Assert.DoesNotContain("ewa@", Everything(toJan));
        var staffEvent = Ics.Parse(Email(messages[1]).Attachments[0].Content).Events.Single();
        Assert.Equal(["mailto:anna@contoso.example", "mailto:ewa@example.com", "mailto:jan@example.com"],
            staffEvent.Attendees.Select(a => a.Value!.ToString()));
    }

    [Fact]
    public void TimesAreShownInTheRecipientsZoneAndTheZoneIsNamed()
    {
        var jan = Attendee(timeZone: "America/New_York");
        var mailbox = Mailbox(d => d.FindStaff("piotr")!.TimeZone = "Asia/Tokyo");
        var messages = _composer.Booked(mailbox, Appointment([jan]), jan, ManageUrl, Now);

        Assert.Contains("Tuesday, 1 December 2026, 03:00–03:30 (America/New_York, UTC-05:00)", Email(messages[0]).TextBody);
        Assert.Contains("Tuesday, 1 December 2026, 17:00–17:30 (Asia/Tokyo, UTC+09:00)", Email(messages[1]).TextBody);
    }

    [Fact]
    public void WithoutTheirOwnZoneRecipientsSeeTheBusinessZone()
    {
        var jan = Attendee(timeZone: null);
        var messages = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now);

        Assert.All(messages, m => Assert.Contains("Tuesday, 1 December 2026, 09:00–09:30 (Europe/Warsaw, UTC+01:00)", Email(m).TextBody));
    }

    [Fact]
    public void TheStaffCopyListsTheAnswersUnderTheirQuestions()
    {
        var jan = Attendee(notes: "Line one\nLine two", answers: new Dictionary<string, string> { ["topic"] = "Taxes" });
        var messages = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now);

        var staff = Email(messages[1]);
        Assert.Contains("What would you like to discuss?: Taxes", staff.TextBody);
        Assert.Contains("Notes: Line one\n  Line two", staff.TextBody);
        Assert.Contains("Line one<br>Line two", staff.HtmlBody);
    }

    [Fact]
    public void TheEmailSurvivesTheOutboxAsJson()
    {
        var jan = Attendee();
        var message = _composer.Booked(Mailbox(), Appointment([jan]), jan, ManageUrl, Now)[0];

        var email = EmailMessage.FromJson(message.Payload);

        Assert.Equal(email.ToJson(), message.Payload);
        Assert.Equal(new EmailContact("jan@example.com", "Jan Kowalski"), email.To);
        Assert.Equal("invite.ics", email.Attachments.Single().FileName);
    }

    internal static EmailMessage Email(OutboxMessage message) => EmailMessage.FromJson(message.Payload);

    private static string Everything(EmailMessage email) =>
        string.Join("\n", email.Subject, email.To.Name, email.TextBody, email.HtmlBody, string.Join("\n", email.Attachments.Select(a => a.Content)));
}
