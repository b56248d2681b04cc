using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// Cancelling an attendee (<see cref="IAppointmentStore.CancelAttendeeAsync"/>): a seat of a group, the whole appointment, the messages
/// written and dropped with it.
/// </summary>
public sealed class CancellationContractTests : BookingSuite
{
    private IOutboxStore Outbox => Port<IOutboxStore>();

    [Theory, MemberData(nameof(Stores))]
    public async Task CancellingOneAttendeeOfAGroupKeepsTheAppointmentForTheOthers(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Workshop(mailbox, Tuesday(10)));
        var second = await BookAsync(Workshop(mailbox, Tuesday(10)));

        Assert.True(await Appointments.CancelAttendeeAsync(mailbox.Id, first.Appointment.Id, first.Attendee.Id, NoMessages));

        var appointment = Assert.Single(await TuesdayAsync(mailbox));
        Assert.Equal(AppointmentStatus.Booked, appointment.Status);
        Assert.Equal([second.Attendee.Id], appointment.ActiveAttendees.Select(a => a.Id));
        Assert.Equal(AttendeeStatus.Cancelled, appointment.Attendees.Single(a => a.Id == first.Attendee.Id).Status);
        Assert.Equal(1, appointment.Sequence);
        Assert.NotEqual(second.Appointment.Version, appointment.Version);
        Assert.Equal(4, appointment.SeatsLeft);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task CancellingTheLastAttendeeCancelsTheAppointmentAndFreesTheSlot(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));

        Assert.True(await Appointments.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, NoMessages));

        Assert.Empty(await TuesdayAsync(mailbox));
        var cancelled = await Appointments.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id);
        Assert.Equal(AppointmentStatus.Cancelled, cancelled?.Status);
        Assert.Equal(1, cancelled?.Sequence);
        var found = await Appointments.FindByManageTokenHashAsync(booked.Attendee.ManageTokenHash);
        Assert.Equal(AttendeeStatus.Cancelled, found?.Attendee.Status);
        await BookAsync(Consult(mailbox, Tuesday(9)));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task CancellingTwiceOrSomethingUnknownReturnsFalse(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        await Appointments.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, NoMessages);

        Assert.False(await Appointments.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, Email("cancelled")));
        Assert.False(await Appointments.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, "a-unknown", Email("cancelled")));
        Assert.False(await Appointments.CancelAttendeeAsync(mailbox.Id, "apt-unknown", booked.Attendee.Id, Email("cancelled")));
        Assert.Empty(await Outbox.ListOutboxAsync(mailbox.Id));
        Assert.Equal(1, (await Appointments.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.Sequence);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task CancellingWritesTheComposedMessagesWithTheCancelledAttendee(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        (Appointment Appointment, Attendee Attendee)? seen = null;

        await Appointments.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, (apt, att) =>
        {
            seen = (apt, att);
            return Email("cancelled")(apt, att);
        });

        Assert.Equal(AppointmentStatus.Cancelled, seen?.Appointment.Status);
        Assert.Equal(AttendeeStatus.Cancelled, seen?.Attendee.Status);
        Assert.Equal("cancelled", Assert.Single(await Outbox.ListOutboxAsync(mailbox.Id)).Kind);
    }

    // Scheduled messages follow their appointment

    [Theory, MemberData(nameof(Stores))]
    public async Task CancellingASeatDropsItsUnsentRemindersAndKeepsTheOthers(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Workshop(mailbox, Tuesday(10)), Scheduled("reminder.customer"));
        var second = await BookAsync(Workshop(mailbox, Tuesday(10)), Scheduled("reminder.customer"));

        Assert.True(await Appointments.CancelAttendeeAsync(mailbox.Id, first.Appointment.Id, first.Attendee.Id, NoMessages));

        var outbox = (await Outbox.ListOutboxAsync(mailbox.Id)).ToDictionary(m => m.Id);
        Assert.NotNull(outbox[$"rem-{first.Attendee.Id}-0"].DroppedAt);
        Assert.Null(outbox[$"rem-{second.Attendee.Id}-0"].DroppedAt);
        Assert.Equal([$"rem-{second.Attendee.Id}-0"], await ClaimAsync(Tuesday(9, 30)));
    }
}
