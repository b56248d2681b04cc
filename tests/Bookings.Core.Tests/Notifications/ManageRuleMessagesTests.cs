using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using static Bookings.Core.Tests.Notifications.NotificationComposerTests;
using static Bookings.Core.Tests.Notifications.TestBookings;

namespace Bookings.Core.Tests.Notifications;

/// <summary>
/// A service whose customers may not change or cancel online (isCustomerAllowedToManageBooking=false): the customer's messages
/// never invite them to do it online; they say to contact the business, and link the booking only "to see" it.
/// </summary>
public class ManageRuleMessagesTests
{
    private readonly NotificationComposer _composer = new();

    /// <summary>The demo calendar, its consult service with a reminder the day before and SMS to Polish numbers.</summary>
    private static Mailbox Calendar(bool customerMayManage) => Mailbox(d =>
    {
        var consult = d.FindService("consult")!;
        consult.IsCustomerAllowedToManageBooking = customerMayManage;
        consult.Reminders = [new BookingReminder { Offset = TimeSpan.FromDays(1), Recipients = BookingReminderRecipients.AllAttendees }];
        consult.SmsNotificationsEnabled = true;
        d.SmsAllowedRegions = ["PL"];
    });

    private static Attendee Jan(string language) => Attendee() with { SmsOptIn = true, Phone = "600 100 200", Language = language };

    /// <summary>Every message to the customer of a booking and of a reschedule: what each says, by kind.</summary>
    private List<(string Kind, string Text)> ToTheCustomer(Mailbox mailbox, Attendee jan)
    {
        var before = Appointment([jan]);
        var after = before with { Start = Start.AddHours(3), End = Start.AddHours(3).AddMinutes(30), Sequence = 1 };
        var messages = _composer.Booked(mailbox, before, jan, ManageUrl, Now).Concat(_composer.Rescheduled(mailbox, before, after, jan, ManageUrl, Now));
        return [.. messages.Where(m => m.Kind is not (NotificationKinds.BookingStaff or NotificationKinds.RescheduleStaff or NotificationKinds.ReminderStaff))
            .Select(m => (m.Kind, m.Channel == SmsMessage.Channel ? SmsMessage.FromJson(m.Payload).Body : Words(Email(m))))];
    }

    // The text, the HTML and the .ics (unfolded) of an email.
    private static string Words(EmailMessage email) =>
        string.Join("\n", new[] { email.TextBody, email.HtmlBody }.Concat(email.Attachments.Select(a => a.Content.Replace("\r\n ", "", StringComparison.Ordinal))));

    [Theory]
    [InlineData("en", "To change or cancel it, please contact Contoso Consulting", "To see your booking, open:", "To change or cancel, contact Contoso Consulting")]
    [InlineData("pl", "Aby ją zmienić lub odwołać, skontaktuj się z Contoso Consulting", "Aby zobaczyć rezerwację, otwórz:", "Aby zmienić lub odwołać, skontaktuj się z Contoso Consulting")]
    public void WhenCustomersMayNotManageTheirBookingEveryMessageSendsThemToTheBusinessInsteadOfOnline(string language, string contact, string view, string smsContact)
    {
        var messages = ToTheCustomer(Calendar(customerMayManage: false), Jan(language));

        Assert.Equal(
            [NotificationKinds.BookingCustomer, NotificationKinds.BookingSms, NotificationKinds.ReminderCustomer, NotificationKinds.ReminderSms,
                NotificationKinds.RescheduleCustomer, NotificationKinds.RescheduleSms],
            messages.Select(m => m.Kind).Distinct());
        Assert.All(messages, m =>
        {
            Assert.DoesNotContain("change or cancel your booking, open", m.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("zmienić lub odwołać rezerwację, otwórz", m.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Manage:", m.Text, StringComparison.Ordinal);
        });
        foreach (var (kind, text) in messages)
        {
            if (kind.EndsWith(".sms", StringComparison.Ordinal))
            {
                Assert.Contains(smsContact + " (+48 22 123 45 67)", text, StringComparison.Ordinal);
                Assert.DoesNotContain(ManageUrl, text, StringComparison.Ordinal);
                continue;
            }
            Assert.Contains(contact, text, StringComparison.Ordinal);
            Assert.Contains("+48 22 123 45 67", text, StringComparison.Ordinal);
            Assert.Contains("hello@contoso.example", text, StringComparison.Ordinal);
            Assert.Contains(view + "\n" + ManageUrl, text, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"{ManageUrl}\">", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WhenCustomersMayManageTheirBookingTheMessagesStillOfferTheLinkToChangeOrCancel()
    {
        var messages = ToTheCustomer(Calendar(customerMayManage: true), Jan("en"));

        Assert.All(messages, m => Assert.Contains(ManageUrl, m.Text, StringComparison.Ordinal));
        Assert.All(messages.Where(m => !m.Kind.EndsWith(".sms", StringComparison.Ordinal)), m =>
        {
            Assert.Contains("To change or cancel your booking, open:\n" + ManageUrl, m.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("please contact", m.Text, StringComparison.Ordinal);
        });
    }
}
