using Bookings.Core.Calendars;
using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// Booking (<see cref="IAppointmentStore.BookAsync"/>): what blocks a slot (overlaps, buffers, group seats, caps), what is listed and read as busy, what
/// the store keeps, and the outbox messages written in the booking's unit of work.
/// </summary>
public sealed class BookingContractTests : BookingSuite
{
    private IOutboxStore Outbox => Port<IOutboxStore>();

    private ITimeOffStore TimeOff => Port<ITimeOffStore>();

    [Theory, MemberData(nameof(Stores))]
    public async Task BookedAppointmentIsListedAndFoundByItsTokenHash(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var command = Consult(mailbox, Tuesday(9));

        var booked = await BookAsync(command);

        var appointment = booked.Appointment;
        Assert.Equal(command.NewAppointmentId, appointment.Id);
        Assert.Equal(mailbox.Id, appointment.MailboxId);
        Assert.Equal(AppointmentStatus.Booked, appointment.Status);
        Assert.Equal($"{command.NewAppointmentId}@bookings.local", appointment.IcsUid);
        Assert.Equal(0, appointment.Sequence);
        Assert.Equal(Tuesday(9), appointment.Start);
        Assert.Equal(Tuesday(9, 30), appointment.End);
        Assert.Equal(Now, appointment.CreatedAt);
        // The store decides the customer's id (the command's new id, or one derived from the address): the one it lists.
        var stored = Assert.Single(appointment.Attendees);
        Assert.Equal(command.Attendee with { CustomerId = stored.CustomerId }, stored with { Answers = command.Attendee.Answers });
        Assert.Equal(stored.CustomerId, Assert.Single(await Appointments.ListCustomersAsync(mailbox.Id)).Id);
        Assert.Equal("Taxes", booked.Attendee.Answers["topic"]);

        Assert.Equal(appointment.Id, Assert.Single(await TuesdayAsync(mailbox)).Id);
        Assert.Equal(appointment.Version, (await Appointments.GetAppointmentAsync(mailbox.Id, appointment.Id))?.Version);
        var found = await Appointments.FindByManageTokenHashAsync(command.Attendee.ManageTokenHash);
        Assert.NotNull(found);
        Assert.Equal(appointment.Id, found.Appointment.Id);
        Assert.Equal(command.Attendee.Id, found.Attendee.Id);
        Assert.Null(await Appointments.FindByManageTokenHashAsync("hash-unknown"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AnAppointmentIsListedWhenItsBuffersReachIntoTheRange(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)) with { PostBuffer = TimeSpan.FromMinutes(15) });

        Assert.Single(await Appointments.ListAppointmentsAsync(mailbox.Id, Tuesday(9, 40), Tuesday(10)));
        Assert.Empty(await Appointments.ListAppointmentsAsync(mailbox.Id, Tuesday(9, 45), Tuesday(10)));
        Assert.Empty(await Appointments.ListAppointmentsAsync(mailbox.Id, Tuesday(8), Tuesday(9)));
        Assert.Empty(await Appointments.ListAppointmentsAsync(mailbox.Id, Tuesday(8).AddDays(1), Tuesday(9).AddDays(1)));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AnOverlappingBookingOfTheSameStaffMemberIsSlotTaken(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)));

        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(9, 15))));
        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(9))));
        Assert.Single(await TuesdayAsync(mailbox));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AnotherStaffMemberCanBeBookedAtTheSameTime(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9), "anna"));

        await BookAsync(Consult(mailbox, Tuesday(9), "piotr"));

        Assert.Equal(["anna", "piotr"], (await TuesdayAsync(mailbox)).Select(a => a.StaffId).Order());
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task BackToBackBookingsAreFine(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)));

        await BookAsync(Consult(mailbox, Tuesday(9, 30)));
        await BookAsync(Consult(mailbox, Tuesday(8, 30)));

        Assert.Equal(3, (await TuesdayAsync(mailbox)).Count);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ABookingInsideAnotherBookingsBufferIsSlotTaken(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)) with { PostBuffer = TimeSpan.FromMinutes(15) });

        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(9, 30))));
        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(8, 30)) with { PostBuffer = TimeSpan.FromMinutes(5) }));
        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(10)) with { PreBuffer = TimeSpan.FromMinutes(20) }));
        await BookAsync(Consult(mailbox, Tuesday(9, 45)));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task GroupSeatsFillOneByOneAndThenTheSlotIsFull(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Workshop(mailbox, Tuesday(10)));

        for (var seat = 2; seat <= 5; seat++)
        {
            var booked = await BookAsync(Workshop(mailbox, Tuesday(10)));
            Assert.Equal(first.Appointment.Id, booked.Appointment.Id);
            Assert.Equal(seat, booked.Appointment.SeatsTaken);
        }

        Assert.Equal("seats_full", await ConflictAsync(Workshop(mailbox, Tuesday(10))));
        var appointment = Assert.Single(await TuesdayAsync(mailbox));
        Assert.Equal(5, appointment.Attendees.Count);
        Assert.Equal(0, appointment.SeatsLeft);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AGroupSeatDoesNotJoinAnotherServiceOrStart(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Workshop(mailbox, Tuesday(10)));

        Assert.Equal("slot_taken", await ConflictAsync(Workshop(mailbox, Tuesday(10, 30))));
        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(10)) with { Seats = 5 }));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AReachedCapIsAConflictWithTheCapsCode(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        CapWindow[] caps = [new(Tuesday(0), Tuesday(0).AddDays(1), 2, "day_cap_reached")];
        await BookAsync(Consult(mailbox, Tuesday(9)) with { Caps = caps });
        await BookAsync(Consult(mailbox, Tuesday(10)) with { Caps = caps });

        Assert.Equal("day_cap_reached", await ConflictAsync(Consult(mailbox, Tuesday(11)) with { Caps = caps }));

        await BookAsync(Consult(mailbox, Tuesday(11), "piotr") with { Caps = caps });
        await BookAsync(Consult(mailbox, Tuesday(11).AddDays(1)) with { Caps = [new(Tuesday(0).AddDays(1), Tuesday(0).AddDays(2), 2, "day_cap_reached")] });
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ACancelledAppointmentDoesNotCountTowardsACap(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        CapWindow[] caps = [new(Tuesday(0), Tuesday(0).AddDays(1), 1, "day_cap_reached")];
        var first = await BookAsync(Consult(mailbox, Tuesday(9)) with { Caps = caps });
        await Appointments.CancelAttendeeAsync(mailbox.Id, first.Appointment.Id, first.Attendee.Id, NoMessages);

        await BookAsync(Consult(mailbox, Tuesday(10)) with { Caps = caps });
    }

    // What availability reads

    [Theory, MemberData(nameof(Stores))]
    public async Task ReadBusyHasTheBookedAppointmentsWithTheirSeatsAndBuffersAndTheTimeOff(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var buffered = await BookAsync(Consult(mailbox, Tuesday(9)) with { PostBuffer = TimeSpan.FromMinutes(15) });
        var group = await BookAsync(Workshop(mailbox, Tuesday(11)));
        await BookAsync(Workshop(mailbox, Tuesday(11)));
        var cancelled = await BookAsync(Consult(mailbox, Tuesday(14)));
        Assert.True(await Appointments.CancelAttendeeAsync(mailbox.Id, cancelled.Appointment.Id, cancelled.Attendee.Id, NoMessages));
        await BookAsync(Consult(mailbox, Tuesday(0).AddDays(2)));
        var off = await TimeOff.AddTimeOffAsync(new TimeOff("", mailbox.Id, "anna", Tuesday(16), Tuesday(17), null));

        var reading = await Appointments.ReadBusyAsync(mailbox.Id, Tuesday(9, 40), Tuesday(18));

        Assert.Equal([buffered.Appointment.Id, group.Appointment.Id], reading.Appointments.Select(a => a.Id));
        var first = reading.Appointments[0];
        Assert.Equal((Tuesday(9), Tuesday(9, 30), TimeSpan.FromMinutes(15), "anna"), (first.Start, first.End, first.PostBuffer, first.StaffId));
        Assert.Equal((5, 2), (reading.Appointments[1].Seats, reading.Appointments[1].SeatsTaken));
        Assert.Equal([off], reading.TimeOff);
        Assert.Empty((await Appointments.ReadBusyAsync(mailbox.Id, Tuesday(9, 45), Tuesday(10, 59))).Appointments);
    }

    // What the store keeps

    [Theory, MemberData(nameof(Stores))]
    public async Task TheAttendeesLanguageIsKept(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var command = Consult(mailbox, Tuesday(9));
        var booked = await BookAsync(command with { Attendee = command.Attendee with { Language = "pl" } });

        Assert.Equal("pl", (await Appointments.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.Attendees.Single().Language);
    }

    // The outbox messages written in the booking's unit of work

    [Theory, MemberData(nameof(Stores))]
    public async Task OutboxMessagesAreWrittenWithABookingAndNothingIsWrittenOnAConflict(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)), Email("booked"));
        var composerCalled = false;

        var taken = Consult(mailbox, Tuesday(9)).WithIdempotencyKey("key-1", Now.AddHours(24));
        Assert.IsType<BookOutcome.Conflict>(await Appointments.BookAsync(taken, (apt, att) =>
        {
            composerCalled = true;
            return Email("booked")(apt, att);
        }));

        var message = Assert.Single(await Outbox.ListOutboxAsync(mailbox.Id));
        Assert.Equal($"booked:{booked.Appointment.Id}:{booked.Attendee.Id}", message.DeduplicationKey);
        Assert.Equal(mailbox.Id, message.MailboxId);
        Assert.Null(message.SentAt);
        Assert.False(composerCalled);
        Assert.Single(await Appointments.ListCustomersAsync(mailbox.Id));
        Assert.Null(await Appointments.FindByManageTokenHashAsync(taken.Attendee.ManageTokenHash));
        Assert.Null(await Appointments.GetIdempotencyRecordAsync(mailbox.Id, "key-1"));
        Assert.Null(await Appointments.GetAppointmentAsync(mailbox.Id, taken.NewAppointmentId));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AMessageWithAKnownDeduplicationKeyIsNotQueuedTwice(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        OutboxComposer sameKey = (apt, att) => [new OutboxMessage($"m-{att.Id}", apt.MailboxId, "owner-digest", "email", "digest", "{}", Now, Now)];

        await BookAsync(Consult(mailbox, Tuesday(9)), sameKey);
        await BookAsync(Consult(mailbox, Tuesday(10)), sameKey);

        Assert.Single(await Outbox.ListOutboxAsync(mailbox.Id));
        Assert.Equal(2, (await TuesdayAsync(mailbox)).Count);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task TheComposerSeesTheAppointmentAsStored(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Workshop(mailbox, Tuesday(10), "anna"), Email("booked"));
        var second = Workshop(mailbox, Tuesday(10), "anna");
        (Appointment Appointment, Attendee Attendee)? seen = null;

        var booked = await BookAsync(second, (apt, att) =>
        {
            seen = (apt, att);
            return [];
        });

        Assert.NotNull(seen);
        Assert.Equal(first.Appointment.Id, seen.Value.Appointment.Id);
        Assert.Equal(booked.Appointment.Version, seen.Value.Appointment.Version);
        Assert.Equal([first.Attendee.Id, second.Attendee.Id], seen.Value.Appointment.Attendees.Select(a => a.Id));
        Assert.Equal(second.Attendee.Id, seen.Value.Attendee.Id);
        Assert.Equal(first.Appointment.IcsUid, seen.Value.Appointment.IcsUid);
        Assert.Equal(booked.Appointment.Version, (await Appointments.GetAppointmentAsync(mailbox.Id, first.Appointment.Id))?.Version);
    }
}
