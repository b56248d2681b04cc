using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The history of appointments (<see cref="IAppointmentStore.ListAppointmentHistoryAsync"/>): booked and cancelled appointments whose
/// own start is in [from, to), every attendee with their status, in order of start.
/// </summary>
public sealed class HistoryContractTests : StoreContract
{
    private IAppointmentStore Appointments => Port<IAppointmentStore>();

    private async Task<Appointment> BookAsync(BookingCommand command) =>
        (await Appointments.BookAsync(command, NoMessages) as BookOutcome.Booked
            ?? throw new Xunit.Sdk.XunitException("Expected Booked.")).Appointment;

    private async Task CancelAsync(Appointment appointment, Attendee attendee) =>
        Assert.True(await Appointments.CancelAttendeeAsync(appointment.MailboxId, appointment.Id, attendee.Id, NoMessages));

    [Theory, MemberData(nameof(Stores))]
    public async Task BookedAndCancelledAppointmentsAreListedWithEverySeatAndItsStatus(string store)
    {
        await OpenAsync(store);
        var mailbox = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        var cancelled = await BookAsync(Consult(mailbox, Tuesday(10)));
        await CancelAsync(cancelled, cancelled.Attendees[0]);
        var group = await BookAsync(Workshop(mailbox, Tuesday(11)));
        var second = Workshop(mailbox, Tuesday(11));
        Assert.Equal(group.Id, (await BookAsync(second)).Id);
        await CancelAsync(group, group.Attendees[0]);

        var history = await Appointments.ListAppointmentHistoryAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1));

        Assert.Equal([booked.Id, cancelled.Id, group.Id], history.Select(a => a.Id));
        Assert.Equal([AppointmentStatus.Booked, AppointmentStatus.Cancelled, AppointmentStatus.Booked], history.Select(a => a.Status));
        Assert.Equal(AttendeeStatus.Booked, Assert.Single(history[0].Attendees).Status);
        var gone = Assert.Single(history[1].Attendees);
        Assert.Equal((cancelled.Attendees[0].Id, AttendeeStatus.Cancelled), (gone.Id, gone.Status));
        Assert.Equal(cancelled.Attendees[0].Name, gone.Name);
        Assert.Equal([(group.Attendees[0].Id, AttendeeStatus.Cancelled), (second.Attendee.Id, AttendeeStatus.Booked)],
            history[2].Attendees.Select(t => (t.Id, t.Status)));
        Assert.Equal((Tuesday(10), Tuesday(10, 30), "consult", "anna"), (history[1].Start, history[1].End, history[1].ServiceId, history[1].StaffId));
        Assert.All(history, a => Assert.Equal(mailbox.Id, a.MailboxId));

        // The live list still leaves the cancelled appointment out.
        Assert.Equal([booked.Id, group.Id], (await Appointments.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).Select(a => a.Id));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task TheRangeIsOfTheStartFromIncludedToExcludedBuffersLeftOut(string store)
    {
        await OpenAsync(store);
        var mailbox = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        var nine = await BookAsync(Consult(mailbox, Tuesday(9)) with { PreBuffer = TimeSpan.FromMinutes(30), PostBuffer = TimeSpan.FromMinutes(30) });
        var eleven = await BookAsync(Consult(mailbox, Tuesday(11)));
        await CancelAsync(eleven, eleven.Attendees[0]);

        async Task<IEnumerable<string>> Ids(DateTimeOffset from, DateTimeOffset to) =>
            (await Appointments.ListAppointmentHistoryAsync(mailbox.Id, from, to)).Select(a => a.Id);

        Assert.Equal([nine.Id], await Ids(Tuesday(9), Tuesday(11)));          // from included, to excluded
        Assert.Equal([eleven.Id], await Ids(Tuesday(9, 1), Tuesday(11, 1)));     // a start before from is out, though the meeting runs on
        Assert.Empty(await Ids(Tuesday(8, 45), Tuesday(9)));                  // its pre-buffer does not count
        Assert.Empty(await Ids(Tuesday(9, 30), Tuesday(11)));                 // nor its post-buffer
        Assert.Equal([nine.Id, eleven.Id], await Ids(Tuesday(0), Tuesday(12)));
        Assert.Empty(await Ids(Tuesday(0).AddDays(1), Tuesday(0).AddDays(2)));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task OnlyTheMailboxesOwnAppointmentsAreListed(string store)
    {
        await OpenAsync(store);
        var contoso = await Mailboxes.CreateMailboxAsync(Calendar("contoso"));
        var fabrikam = await Mailboxes.CreateMailboxAsync(Calendar("fabrikam"));
        var theirs = await BookAsync(Consult(fabrikam, Tuesday(9)));
        await CancelAsync(theirs, theirs.Attendees[0]);

        Assert.Empty(await Appointments.ListAppointmentHistoryAsync(contoso.Id, Tuesday(0), Tuesday(0).AddDays(1)));
        Assert.Equal([theirs.Id], (await Appointments.ListAppointmentHistoryAsync(fabrikam.Id, Tuesday(0), Tuesday(0).AddDays(1))).Select(a => a.Id));
    }
}
