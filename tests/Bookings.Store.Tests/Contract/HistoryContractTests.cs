using Bookings.Core.Store;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The history part of the store contract (<see cref="IBookingStore.ListAppointmentHistoryAsync"/>): booked and cancelled
/// appointments whose own start is in [from, to), every attendee with their status, in order of start. Each store runs it
/// through a subclass.
/// </summary>
public abstract class HistoryContractTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(Now);
    protected IBookingStore Store { get; private set; } = null!;

    /// <summary>A new, empty store for one test, reading the clock from <see cref="Time"/>.</summary>
    protected abstract Task<IBookingStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    protected async Task<Appointment> BookAsync(BookingCommand command) =>
        (await Store.BookAsync(command, NoMessages) as BookOutcome.Booked
            ?? throw new Xunit.Sdk.XunitException("Expected Booked.")).Appointment;

    private async Task CancelAsync(Appointment appointment, Attendee attendee) =>
        Assert.True(await Store.CancelAttendeeAsync(appointment.MailboxId, appointment.Id, attendee.Id, NoMessages));

    [Fact]
    public async Task BookedAndCancelledAppointmentsAreListedWithEverySeatAndItsStatus()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        var cancelled = await BookAsync(Consult(mailbox, Tuesday(10)));
        await CancelAsync(cancelled, cancelled.Attendees[0]);
        var group = await BookAsync(Workshop(mailbox, Tuesday(11)));
        var second = Workshop(mailbox, Tuesday(11));
        Assert.Equal(group.Id, (await BookAsync(second)).Id);
        await CancelAsync(group, group.Attendees[0]);

        var history = await Store.ListAppointmentHistoryAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1));

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
        Assert.Equal([booked.Id, group.Id], (await Store.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).Select(a => a.Id));
    }

    [Fact]
    public async Task TheRangeIsOfTheStartFromIncludedToExcludedBuffersLeftOut()
    {
        var mailbox = await Store.CreateMailboxAsync(Calendar("contoso"));
        var nine = await BookAsync(Consult(mailbox, Tuesday(9)) with { PreBuffer = TimeSpan.FromMinutes(30), PostBuffer = TimeSpan.FromMinutes(30) });
        var eleven = await BookAsync(Consult(mailbox, Tuesday(11)));
        await CancelAsync(eleven, eleven.Attendees[0]);

        async Task<IEnumerable<string>> Ids(DateTimeOffset from, DateTimeOffset to) =>
            (await Store.ListAppointmentHistoryAsync(mailbox.Id, from, to)).Select(a => a.Id);

        Assert.Equal([nine.Id], await Ids(Tuesday(9), Tuesday(11)));          // from included, to excluded
        Assert.Equal([eleven.Id], await Ids(Tuesday(9, 1), Tuesday(11, 1)));     // a start before from is out, though the meeting runs on
        Assert.Empty(await Ids(Tuesday(8, 45), Tuesday(9)));                  // its pre-buffer does not count
        Assert.Empty(await Ids(Tuesday(9, 30), Tuesday(11)));                 // nor its post-buffer
        Assert.Equal([nine.Id, eleven.Id], await Ids(Tuesday(0), Tuesday(12)));
        Assert.Empty(await Ids(Tuesday(0).AddDays(1), Tuesday(0).AddDays(2)));
    }

    [Fact]
    public async Task OnlyTheMailboxesOwnAppointmentsAreListed()
    {
        var contoso = await Store.CreateMailboxAsync(Calendar("contoso"));
        var fabrikam = await Store.CreateMailboxAsync(Calendar("fabrikam"));
        var theirs = await BookAsync(Consult(fabrikam, Tuesday(9)));
        await CancelAsync(theirs, theirs.Attendees[0]);

        Assert.Empty(await Store.ListAppointmentHistoryAsync(contoso.Id, Tuesday(0), Tuesday(0).AddDays(1)));
        Assert.Equal([theirs.Id], (await Store.ListAppointmentHistoryAsync(fabrikam.Id, Tuesday(0), Tuesday(0).AddDays(1))).Select(a => a.Id));
    }
}
