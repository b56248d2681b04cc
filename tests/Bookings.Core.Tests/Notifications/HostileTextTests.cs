using Bookings.Core.Notifications;
using Bookings.Core.Store;
using static Bookings.Core.Tests.Notifications.TestBookings;

namespace Bookings.Core.Tests.Notifications;

public class HostileTextTests
{
    private const string Name = "Eve\r\nBcc: victim@example.com\r\nATTENDEE:mailto:x@evil.example;X-EVIL=1,\\ \"<script>alert(1)</script>";
    private const string Notes = "<img src=x onerror=alert(1)>\r\nEND:VEVENT\r\nBEGIN:VEVENT";
    private const string Service = "Consult\r\nX-INJECTED:1;a,b\\c <b>bold</b>";
    private const string Business = "Contoso\nBcc: boss@example.com";

    private static readonly string[] Properties =
        ["BEGIN", "END", "METHOD", "PRODID", "VERSION", "UID", "SEQUENCE", "DTSTAMP", "DTSTART", "DTEND",
         "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "ORGANIZER", "ATTENDEE",
         // the business zone's VTIMEZONE
         "TZID", "X-LIC-LOCATION", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "RRULE"];

    private static IReadOnlyList<OutboxMessage> Compose(bool cancel)
    {
        var mailbox = Mailbox(d =>
        {
            d.DisplayName = Business;
            d.FindService("consult")!.DisplayName = Service;
            d.FindStaff("piotr")!.DisplayName = Name;
            d.Address!.Street = "Main St; 1,\r\nX-ALSO:1";
        });
        var eve = Attendee(name: Name, notes: Notes, status: cancel ? AttendeeStatus.Cancelled : AttendeeStatus.Booked);
        var appointment = Appointment([eve], status: cancel ? AppointmentStatus.Cancelled : AppointmentStatus.Booked);
        var composer = new NotificationComposer();
        return cancel ? composer.Cancelled(mailbox, appointment, eve, Now) : composer.Booked(mailbox, appointment, eve, ManageUrl, Now);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HostileTextNeverBreaksAHeaderLine(bool cancel)
    {
        foreach (var message in Compose(cancel))
        {
            var email = NotificationComposerTests.Email(message);
            foreach (var header in new[] { email.Subject, email.To.Name, email.SenderName, email.ReplyTo?.Name })
            {
                Assert.NotNull(header);
                Assert.DoesNotContain('\r', header);
                Assert.DoesNotContain('\n', header);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HostileTextNeverCreatesAnIcsPropertyOrComponent(bool cancel)
    {
        foreach (var message in Compose(cancel))
        {
            var ics = NotificationComposerTests.Email(message).Attachments.Single().Content;

            var lines = Ics.ContentLines(ics);
            Assert.All(lines, l => Assert.Contains(l.Name, Properties));
            Assert.Equal(2, lines.Count(l => l.Name == "ATTENDEE"));
            Assert.Single(lines, l => l.Line == "BEGIN:VEVENT");

            var evt = Ics.Parse(ics).Events.Single();
            // Flattened to one line (what every client shows), then escaped: the text reads back whole.
            Assert.Equal(MessageText.Header(Service + " — " + Business, maxLength: 250), evt.Summary);
            Assert.Equal("Main St; 1, X-ALSO:1, 00-001 Warszawa, PL", evt.Location);
            // The description keeps its line breaks, escaped as \n.
            Assert.Contains("\n", evt.Description, StringComparison.Ordinal);
            Assert.All(evt.Attendees, a => Assert.DoesNotContain('\n', a.CommonName!));
            Assert.Equal(["mailto:piotr@contoso.example", "mailto:jan@example.com"], evt.Attendees.Select(a => a.Value!.ToString()));
        }
    }

    [Fact]
    public void HostileTextArrivesHtmlEncoded()
    {
        foreach (var message in Compose(cancel: false))
        {
            var html = NotificationComposerTests.Email(message).HtmlBody;
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("<b>", html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.Contains("Consult<br>X-INJECTED:1;a,b\\c &lt;b&gt;bold&lt;/b&gt;", html);
        }
        var staff = NotificationComposerTests.Email(Compose(cancel: false)[1]).HtmlBody;
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;<br>END:VEVENT", staff);
    }
}
