using Bookings.Core.Calendars;
using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// Rescheduling (<see cref="IAppointmentStore.RescheduleAsync"/>): one check-and-write like a booking, the sequence raised, the reminders
/// replaced.
/// </summary>
public sealed class RescheduleContractTests : BookingSuite
{
    private IOutboxStore Outbox => Port<IOutboxStore>();

    [Theory, MemberData(nameof(Stores))]
    public async Task ReschedulingMovesTheAppointmentRaisesItsSequenceAndReplacesItsReminders(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)), Scheduled("reminder.customer"));
        await BookAsync(Consult(mailbox, Tuesday(11)));
        Appointment? composedWith = null;

        var outcome = await Appointments.RescheduleAsync(new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(14), Tuesday(14, 30), []),
            (a, att) => { composedWith = a; return Scheduled("reminder.customer")(a, att); });

        var moved = Assert.IsType<RescheduleOutcome.Moved>(outcome);
        Assert.Equal((Tuesday(9), Tuesday(14), Tuesday(14, 30)), (moved.Before.Start, moved.After.Start, moved.After.End));
        Assert.Equal((booked.Appointment.Id, booked.Appointment.IcsUid, 1), (moved.After.Id, moved.After.IcsUid, moved.After.Sequence));
        Assert.NotEqual(booked.Appointment.Version, moved.After.Version);
        Assert.Equal(booked.Attendee.Id, moved.Attendee.Id);
        Assert.Equal(moved.After.Start, composedWith?.Start);
        Assert.Equal([Tuesday(11), Tuesday(14)], (await TuesdayAsync(mailbox)).Select(a => a.Start));
        var outbox = (await Outbox.ListOutboxAsync(mailbox.Id)).ToDictionary(m => m.Id);
        Assert.NotNull(outbox[$"rem-{booked.Attendee.Id}-0"].DroppedAt);
        Assert.Equal(Tuesday(13), outbox[$"rem-{booked.Attendee.Id}-1"].DueAt);
        // The freed slot books again; the taken one does not.
        await BookAsync(Consult(mailbox, Tuesday(9)));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ReschedulingOntoATakenSlotOrPastACapChangesNothing(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        await BookAsync(Consult(mailbox, Tuesday(11)) with { PostBuffer = TimeSpan.FromMinutes(30) });

        Assert.Equal("slot_taken", Assert.IsType<RescheduleOutcome.Conflict>(await Appointments.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(11, 30), Tuesday(12), []), NoMessages)).Code);
        var cap = new CapWindow(Tuesday(0), Tuesday(0).AddDays(1), 2, "staff_cap_reached");
        // Moving within the same day does not count the appointment against itself…
        Assert.IsType<RescheduleOutcome.Moved>(await Appointments.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(9, 30), Tuesday(10), [cap]), NoMessages));
        // …and a cap that the others already fill refuses it.
        Assert.Equal("staff_cap_reached", Assert.IsType<RescheduleOutcome.Conflict>(await Appointments.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(15), Tuesday(15, 30), [cap with { Max = 1 }]), NoMessages)).Code);
        Assert.Equal([Tuesday(9, 30), Tuesday(11)], (await TuesdayAsync(mailbox)).Select(a => a.Start));
        // A group appointment or an unknown one is not rescheduled this way.
        var workshop = await BookAsync(Workshop(mailbox, Tuesday(13)));
        Assert.IsType<RescheduleOutcome.NotFound>(await Appointments.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, workshop.Appointment.Id, "anna", Tuesday(16), Tuesday(17), []), NoMessages));
        Assert.IsType<RescheduleOutcome.NotFound>(await Appointments.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, "apt-unknown", "anna", Tuesday(16), Tuesday(16, 30), []), NoMessages));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ReschedulingToAnotherStaffMemberChecksTheirCalendar(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        await BookAsync(Consult(mailbox, Tuesday(10), staffId: "piotr"));

        Assert.IsType<RescheduleOutcome.Conflict>(await Appointments.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "piotr", Tuesday(10), Tuesday(10, 30), []), NoMessages));
        var moved = Assert.IsType<RescheduleOutcome.Moved>(await Appointments.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "piotr", Tuesday(9), Tuesday(9, 30), []), NoMessages));
        Assert.Equal("piotr", moved.After.StaffId);
        Assert.Equal("piotr", (await Appointments.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.StaffId);
    }
}
