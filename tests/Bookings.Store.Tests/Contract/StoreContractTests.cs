using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Core.Sync;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// What every store must do, whatever holds the mailboxes. Each store runs this suite through a
/// subclass that says how to create a fresh, empty store on <see cref="Time"/>.
/// </summary>
public abstract class StoreContractTests : MailboxContractTests
{
    private async Task<BookOutcome.Booked> BookAsync(BookingCommand command, OutboxComposer? outbox = null)
    {
        var outcome = await Store.BookAsync(command, outbox ?? NoMessages);
        // Say why when it is not booked: a conflict's code tells a real overlap from a store fault.
        return outcome as BookOutcome.Booked ?? throw new Xunit.Sdk.XunitException($"Expected Booked, got {outcome}.");
    }

    private async Task<string> ConflictAsync(BookingCommand command, OutboxComposer? outbox = null) =>
        Assert.IsType<BookOutcome.Conflict>(await Store.BookAsync(command, outbox ?? NoMessages)).Code;

    private async Task<IReadOnlyList<Appointment>> TuesdayAsync(Mailbox mailbox) =>
        await Store.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1));

    // Booking

    [Fact]
    public async Task BookedAppointmentIsListedAndFoundByItsTokenHash()
    {
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
        Assert.Equal(stored.CustomerId, Assert.Single(await Store.ListCustomersAsync(mailbox.Id)).Id);
        Assert.Equal("Taxes", booked.Attendee.Answers["topic"]);

        Assert.Equal(appointment.Id, Assert.Single(await TuesdayAsync(mailbox)).Id);
        Assert.Equal(appointment.Version, (await Store.GetAppointmentAsync(mailbox.Id, appointment.Id))?.Version);
        var found = await Store.FindByManageTokenHashAsync(command.Attendee.ManageTokenHash);
        Assert.NotNull(found);
        Assert.Equal(appointment.Id, found.Appointment.Id);
        Assert.Equal(command.Attendee.Id, found.Attendee.Id);
        Assert.Null(await Store.FindByManageTokenHashAsync("hash-unknown"));
    }

    [Fact]
    public async Task AnAppointmentIsListedWhenItsBuffersReachIntoTheRange()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)) with { PostBuffer = TimeSpan.FromMinutes(15) });

        Assert.Single(await Store.ListAppointmentsAsync(mailbox.Id, Tuesday(9, 40), Tuesday(10)));
        Assert.Empty(await Store.ListAppointmentsAsync(mailbox.Id, Tuesday(9, 45), Tuesday(10)));
        Assert.Empty(await Store.ListAppointmentsAsync(mailbox.Id, Tuesday(8), Tuesday(9)));
        Assert.Empty(await Store.ListAppointmentsAsync(mailbox.Id, Tuesday(8).AddDays(1), Tuesday(9).AddDays(1)));
    }

    [Fact]
    public async Task AnOverlappingBookingOfTheSameStaffMemberIsSlotTaken()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)));

        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(9, 15))));
        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(9))));
        Assert.Single(await TuesdayAsync(mailbox));
    }

    [Fact]
    public async Task AnotherStaffMemberCanBeBookedAtTheSameTime()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9), "anna"));

        await BookAsync(Consult(mailbox, Tuesday(9), "piotr"));

        Assert.Equal(["anna", "piotr"], (await TuesdayAsync(mailbox)).Select(a => a.StaffId).Order());
    }

    [Fact]
    public async Task BackToBackBookingsAreFine()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)));

        await BookAsync(Consult(mailbox, Tuesday(9, 30)));
        await BookAsync(Consult(mailbox, Tuesday(8, 30)));

        Assert.Equal(3, (await TuesdayAsync(mailbox)).Count);
    }

    [Fact]
    public async Task ABookingInsideAnotherBookingsBufferIsSlotTaken()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)) with { PostBuffer = TimeSpan.FromMinutes(15) });

        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(9, 30))));
        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(8, 30)) with { PostBuffer = TimeSpan.FromMinutes(5) }));
        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(10)) with { PreBuffer = TimeSpan.FromMinutes(20) }));
        await BookAsync(Consult(mailbox, Tuesday(9, 45)));
    }

    [Fact]
    public async Task GroupSeatsFillOneByOneAndThenTheSlotIsFull()
    {
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

    [Fact]
    public async Task AGroupSeatDoesNotJoinAnotherServiceOrStart()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Workshop(mailbox, Tuesday(10)));

        Assert.Equal("slot_taken", await ConflictAsync(Workshop(mailbox, Tuesday(10, 30))));
        Assert.Equal("slot_taken", await ConflictAsync(Consult(mailbox, Tuesday(10)) with { Seats = 5 }));
    }

    [Fact]
    public async Task AReachedCapIsAConflictWithTheCapsCode()
    {
        var mailbox = await CreateMailboxAsync();
        CapWindow[] caps = [new(Tuesday(0), Tuesday(0).AddDays(1), 2, "day_cap_reached")];
        await BookAsync(Consult(mailbox, Tuesday(9)) with { Caps = caps });
        await BookAsync(Consult(mailbox, Tuesday(10)) with { Caps = caps });

        Assert.Equal("day_cap_reached", await ConflictAsync(Consult(mailbox, Tuesday(11)) with { Caps = caps }));

        await BookAsync(Consult(mailbox, Tuesday(11), "piotr") with { Caps = caps });
        await BookAsync(Consult(mailbox, Tuesday(11).AddDays(1)) with { Caps = [new(Tuesday(0).AddDays(1), Tuesday(0).AddDays(2), 2, "day_cap_reached")] });
    }

    [Fact]
    public async Task ACancelledAppointmentDoesNotCountTowardsACap()
    {
        var mailbox = await CreateMailboxAsync();
        CapWindow[] caps = [new(Tuesday(0), Tuesday(0).AddDays(1), 1, "day_cap_reached")];
        var first = await BookAsync(Consult(mailbox, Tuesday(9)) with { Caps = caps });
        await Store.CancelAttendeeAsync(mailbox.Id, first.Appointment.Id, first.Attendee.Id, NoMessages);

        await BookAsync(Consult(mailbox, Tuesday(10)) with { Caps = caps });
    }

    [Fact]
    public async Task ARepeatedIdempotencyKeyReplaysTheFirstRecordAndWritesNothing()
    {
        var mailbox = await CreateMailboxAsync();
        var first = Consult(mailbox, Tuesday(9)).WithIdempotencyKey("key-1", Now.AddHours(24));
        var booked = await BookAsync(first, Email("booked"));

        var record = await Store.GetIdempotencyRecordAsync(mailbox.Id, "key-1");
        Assert.NotNull(record);
        Assert.Equal(first.Idempotency! with { AppointmentId = booked.Appointment.Id }, record);

        var again = Consult(mailbox, Tuesday(11)).WithIdempotencyKey("key-1", Now.AddHours(24));
        var replay = Assert.IsType<BookOutcome.Replay>(await Store.BookAsync(again, Email("booked")));

        Assert.Equal(record, replay.Record);
        Assert.Single(await TuesdayAsync(mailbox));
        Assert.Single(await Store.ListCustomersAsync(mailbox.Id));
        Assert.Single(await Store.ListOutboxAsync(mailbox.Id));
        Assert.Null(await Store.GetIdempotencyRecordAsync(mailbox.Id, "key-2"));
    }

    [Fact]
    public async Task AnExpiredIdempotencyKeyBooksAgainAndKeepsTheNewRecord()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)).WithIdempotencyKey("key-1", Now.AddHours(1)));
        Time.Advance(TimeSpan.FromHours(2));

        var second = await BookAsync(Consult(mailbox, Tuesday(11)).WithIdempotencyKey("key-1", Now.AddHours(26)));

        var record = await Store.GetIdempotencyRecordAsync(mailbox.Id, "key-1");
        Assert.Equal(second.Appointment.Id, record?.AppointmentId);
        Assert.Equal(Now.AddHours(26), record?.ExpiresAt);
        Assert.Equal(2, (await TuesdayAsync(mailbox)).Count);
    }

    [Fact]
    public async Task AGroupSeatsIdempotencyRecordNamesTheAppointmentItJoined()
    {
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Workshop(mailbox, Tuesday(10)));

        await BookAsync(Workshop(mailbox, Tuesday(10)).WithIdempotencyKey("key-1", Now.AddHours(24)));

        Assert.Equal(first.Appointment.Id, (await Store.GetIdempotencyRecordAsync(mailbox.Id, "key-1"))?.AppointmentId);
    }

    [Fact]
    public async Task TheSameEmailReusesTheCustomerWithTheLatestDetails()
    {
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Consult(mailbox, Tuesday(9), email: "Ola@Example.com"));
        var again = Consult(mailbox, Tuesday(11), email: "ola@example.com");
        again = again with { Customer = again.Customer with { Name = "Ola Nowak", Phone = "+48 600 100 200" } };

        var second = await BookAsync(again);

        var customer = Assert.Single(await Store.ListCustomersAsync(mailbox.Id));
        Assert.Equal(first.Attendee.CustomerId, customer.Id);
        Assert.Equal(customer.Id, second.Attendee.CustomerId);
        Assert.Equal("Ola Nowak", customer.Name);
        Assert.Equal("+48 600 100 200", customer.Phone);
        Assert.Equal(mailbox.Id, customer.MailboxId);
    }

    [Fact]
    public async Task CustomersOfAnotherMailboxAreNotReused()
    {
        var contoso = await CreateMailboxAsync();
        var fabrikam = await CreateMailboxAsync("fabrikam");
        await BookAsync(Consult(contoso, Tuesday(9), email: "ola@example.com"));

        await BookAsync(Consult(fabrikam, Tuesday(9), email: "ola@example.com"));

        Assert.Single(await Store.ListCustomersAsync(contoso.Id));
        Assert.Single(await Store.ListCustomersAsync(fabrikam.Id));
    }

    // Time off and what availability reads

    [Fact]
    public async Task TimeOffAndClosuresAreListedByRangeAndDeleted()
    {
        var mailbox = await CreateMailboxAsync();
        var off = await Store.AddTimeOffAsync(new TimeOff("", mailbox.Id, "anna", Tuesday(13), Tuesday(15), "Dentist"));
        var closure = await Store.AddTimeOffAsync(new TimeOff("", mailbox.Id, null, Tuesday(0), Tuesday(0).AddDays(1), null));

        Assert.StartsWith("off-", off.Id, StringComparison.Ordinal);
        Assert.Equal([closure, off], await Store.ListTimeOffAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(3)));
        Assert.Equal([closure, off], await Store.ListTimeOffAsync(mailbox.Id, Tuesday(14, 59), Tuesday(16)));
        Assert.Equal([closure], await Store.ListTimeOffAsync(mailbox.Id, Tuesday(15), Tuesday(16)));
        Assert.Empty(await Store.ListTimeOffAsync(mailbox.Id, Tuesday(0).AddDays(1), Tuesday(0).AddDays(2)));

        Assert.True(await Store.DeleteTimeOffAsync(mailbox.Id, off.Id));
        Assert.False(await Store.DeleteTimeOffAsync(mailbox.Id, off.Id));
        Assert.Equal([closure], await Store.ListTimeOffAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(3)));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.AddTimeOffAsync(new TimeOff("", "nobody@bookings.local", null, Tuesday(1), Tuesday(2), null)));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddTimeOffAsync(new TimeOff("", mailbox.Id, null, Tuesday(2), Tuesday(2), null)));
    }

    [Fact]
    public async Task ReadBusyHasTheBookedAppointmentsWithTheirSeatsAndBuffersAndTheTimeOff()
    {
        var mailbox = await CreateMailboxAsync();
        var buffered = await BookAsync(Consult(mailbox, Tuesday(9)) with { PostBuffer = TimeSpan.FromMinutes(15) });
        var group = await BookAsync(Workshop(mailbox, Tuesday(11)));
        await BookAsync(Workshop(mailbox, Tuesday(11)));
        var cancelled = await BookAsync(Consult(mailbox, Tuesday(14)));
        Assert.True(await Store.CancelAttendeeAsync(mailbox.Id, cancelled.Appointment.Id, cancelled.Attendee.Id, NoMessages));
        await BookAsync(Consult(mailbox, Tuesday(0).AddDays(2)));
        var off = await Store.AddTimeOffAsync(new TimeOff("", mailbox.Id, "anna", Tuesday(16), Tuesday(17), null));

        var reading = await Store.ReadBusyAsync(mailbox.Id, Tuesday(9, 40), Tuesday(18));

        Assert.Equal([buffered.Appointment.Id, group.Appointment.Id], reading.Appointments.Select(a => a.Id));
        var first = reading.Appointments[0];
        Assert.Equal((Tuesday(9), Tuesday(9, 30), TimeSpan.FromMinutes(15), "anna"), (first.Start, first.End, first.PostBuffer, first.StaffId));
        Assert.Equal((5, 2), (reading.Appointments[1].Seats, reading.Appointments[1].SeatsTaken));
        Assert.Equal([off], reading.TimeOff);
        Assert.Empty((await Store.ReadBusyAsync(mailbox.Id, Tuesday(9, 45), Tuesday(10, 59))).Appointments);
    }

    // Staff calendar sync

    private static StaffSyncState Synced(string staffId, params (int From, int To)[] hours) =>
        new(staffId, SyncSource.IcsFeed, Now, Now, 0, null, [.. hours.Select(h => new BusyBlock(Tuesday(h.From), Tuesday(h.To)))]);

    private static void AssertSameStates(IEnumerable<StaffSyncState> expected, IEnumerable<StaffSyncState> actual) =>
        Assert.Equal(expected.OrderBy(s => s.StaffId).Select(s => (s.StaffId, s.Source, s.LastAttemptAt, s.LastSuccessAt, s.ConsecutiveFailures, s.Failure, string.Join(";", s.Busy))),
            actual.OrderBy(s => s.StaffId).Select(s => (s.StaffId, s.Source, s.LastAttemptAt, s.LastSuccessAt, s.ConsecutiveFailures, s.Failure, string.Join(";", s.Busy))));

    [Fact]
    public async Task StaffSyncStatesAreReplacedAsAWholeAndReadBack()
    {
        var mailbox = await CreateMailboxAsync();
        Assert.Empty(await Store.ListStaffSyncAsync(mailbox.Id));
        var anna = Synced("anna", (9, 10), (13, 14));
        var piotr = new StaffSyncState("piotr", SyncSource.Graph, Now, null, 3, new SyncFailure(SyncFailureKind.PermissionDenied, "403"), []);

        await Store.ReplaceStaffSyncAsync(mailbox.Id, [anna, piotr]);
        AssertSameStates([anna, piotr], await Store.ListStaffSyncAsync(mailbox.Id));

        var later = Synced("anna", (15, 16));
        await Store.ReplaceStaffSyncAsync(mailbox.Id, [later]);
        AssertSameStates([later], await Store.ListStaffSyncAsync(mailbox.Id));
        AssertSameStates([later], (await Store.ReadBusyAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1))).StaffSync);

        var other = await CreateMailboxAsync("other");
        Assert.Empty(await Store.ListStaffSyncAsync(other.Id));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.ReplaceStaffSyncAsync("nobody@bookings.local", [anna]));
    }

    [Fact]
    public async Task CancellingOneAttendeeOfAGroupKeepsTheAppointmentForTheOthers()
    {
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Workshop(mailbox, Tuesday(10)));
        var second = await BookAsync(Workshop(mailbox, Tuesday(10)));

        Assert.True(await Store.CancelAttendeeAsync(mailbox.Id, first.Appointment.Id, first.Attendee.Id, NoMessages));

        var appointment = Assert.Single(await TuesdayAsync(mailbox));
        Assert.Equal(AppointmentStatus.Booked, appointment.Status);
        Assert.Equal([second.Attendee.Id], appointment.ActiveAttendees.Select(a => a.Id));
        Assert.Equal(AttendeeStatus.Cancelled, appointment.Attendees.Single(a => a.Id == first.Attendee.Id).Status);
        Assert.Equal(1, appointment.Sequence);
        Assert.NotEqual(second.Appointment.Version, appointment.Version);
        Assert.Equal(4, appointment.SeatsLeft);
    }

    [Fact]
    public async Task CancellingTheLastAttendeeCancelsTheAppointmentAndFreesTheSlot()
    {
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));

        Assert.True(await Store.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, NoMessages));

        Assert.Empty(await TuesdayAsync(mailbox));
        var cancelled = await Store.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id);
        Assert.Equal(AppointmentStatus.Cancelled, cancelled?.Status);
        Assert.Equal(1, cancelled?.Sequence);
        var found = await Store.FindByManageTokenHashAsync(booked.Attendee.ManageTokenHash);
        Assert.Equal(AttendeeStatus.Cancelled, found?.Attendee.Status);
        await BookAsync(Consult(mailbox, Tuesday(9)));
    }

    [Fact]
    public async Task CancellingTwiceOrSomethingUnknownReturnsFalse()
    {
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        await Store.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, NoMessages);

        Assert.False(await Store.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, Email("cancelled")));
        Assert.False(await Store.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, "a-unknown", Email("cancelled")));
        Assert.False(await Store.CancelAttendeeAsync(mailbox.Id, "apt-unknown", booked.Attendee.Id, Email("cancelled")));
        Assert.Empty(await Store.ListOutboxAsync(mailbox.Id));
        Assert.Equal(1, (await Store.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.Sequence);
    }

    [Fact]
    public async Task CancellingWritesTheComposedMessagesWithTheCancelledAttendee()
    {
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        (Appointment Appointment, Attendee Attendee)? seen = null;

        await Store.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, (apt, att) =>
        {
            seen = (apt, att);
            return Email("cancelled")(apt, att);
        });

        Assert.Equal(AppointmentStatus.Cancelled, seen?.Appointment.Status);
        Assert.Equal(AttendeeStatus.Cancelled, seen?.Attendee.Status);
        Assert.Equal("cancelled", Assert.Single(await Store.ListOutboxAsync(mailbox.Id)).Kind);
    }

    [Fact]
    public async Task OutboxMessagesAreWrittenWithABookingAndNothingIsWrittenOnAConflict()
    {
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)), Email("booked"));
        var composerCalled = false;

        var taken = Consult(mailbox, Tuesday(9)).WithIdempotencyKey("key-1", Now.AddHours(24));
        Assert.IsType<BookOutcome.Conflict>(await Store.BookAsync(taken, (apt, att) =>
        {
            composerCalled = true;
            return Email("booked")(apt, att);
        }));

        var message = Assert.Single(await Store.ListOutboxAsync(mailbox.Id));
        Assert.Equal($"booked:{booked.Appointment.Id}:{booked.Attendee.Id}", message.DeduplicationKey);
        Assert.Equal(mailbox.Id, message.MailboxId);
        Assert.Null(message.SentAt);
        Assert.False(composerCalled);
        Assert.Single(await Store.ListCustomersAsync(mailbox.Id));
        Assert.Null(await Store.FindByManageTokenHashAsync(taken.Attendee.ManageTokenHash));
        Assert.Null(await Store.GetIdempotencyRecordAsync(mailbox.Id, "key-1"));
        Assert.Null(await Store.GetAppointmentAsync(mailbox.Id, taken.NewAppointmentId));
    }

    [Fact]
    public async Task AMessageWithAKnownDeduplicationKeyIsNotQueuedTwice()
    {
        var mailbox = await CreateMailboxAsync();
        OutboxComposer sameKey = (apt, att) => [new OutboxMessage($"m-{att.Id}", apt.MailboxId, "owner-digest", "email", "digest", "{}", Now, Now)];

        await BookAsync(Consult(mailbox, Tuesday(9)), sameKey);
        await BookAsync(Consult(mailbox, Tuesday(10)), sameKey);

        Assert.Single(await Store.ListOutboxAsync(mailbox.Id));
        Assert.Equal(2, (await TuesdayAsync(mailbox)).Count);
    }

    [Fact]
    public async Task TheComposerSeesTheAppointmentAsStored()
    {
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
        Assert.Equal(booked.Appointment.Version, (await Store.GetAppointmentAsync(mailbox.Id, first.Appointment.Id))?.Version);
    }

    [Fact]
    public async Task TheStoredAttendeeCarriesTheReusedCustomersId()
    {
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Consult(mailbox, Tuesday(9), email: "ola@example.com"));
        Attendee? seen = null;

        var second = await BookAsync(Consult(mailbox, Tuesday(10), email: "ola@example.com"), (_, att) =>
        {
            seen = att;
            return [];
        });

        Assert.Equal(first.Attendee.CustomerId, seen?.CustomerId);
        Assert.Equal(first.Attendee.CustomerId, second.Appointment.Attendees.Single().CustomerId);
    }

    // Outbox

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private async Task<string[]> ClaimAsync(DateTimeOffset now, int max = 10) =>
        [.. (await Store.ClaimDueOutboxAsync(now, max, Lease)).Select(m => m.Id)];

    [Fact]
    public async Task DueMessagesAreClaimedOldestFirstAndLeasedUntilSent()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)), (_, _) =>
        [
            Message(mailbox, "later", Now.AddHours(1)),
            Message(mailbox, "now", Now),
            Message(mailbox, "earlier", Now.AddHours(-1)),
        ]);

        Assert.Equal(["earlier"], await ClaimAsync(Now, max: 1));
        // Leased: another dispatcher claiming at the same moment gets the rest, never the same message.
        Assert.Equal(["now"], await ClaimAsync(Now));
        Assert.Empty(await ClaimAsync(Now.AddMinutes(1)));
        Assert.Equal(Now + Lease, (await Store.ListOutboxAsync(mailbox.Id)).Single(m => m.Id == "earlier").LeaseUntil);

        await Store.MarkOutboxSentAsync("earlier", Now.AddMinutes(1));

        // A dispatcher that crashed holding "now" loses it when its lease runs out; "earlier" was sent and stays sent.
        Assert.Equal(["now", "later"], await ClaimAsync(Now.AddHours(1)));
        var sent = (await Store.ListOutboxAsync(mailbox.Id)).Single(m => m.Id == "earlier");
        Assert.Equal(Now.AddMinutes(1), sent.SentAt);
        Assert.False(sent.IsPending);
    }

    [Fact]
    public async Task AFailedMessageWaitsUntilItsRetryTimeAndCountsTheAttempt()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)), (_, _) => [Message(mailbox, "m1", Now)]);
        Assert.Equal(["m1"], await ClaimAsync(Now));

        await Store.MarkOutboxFailedAsync("m1", "421 try later", Now.AddMinutes(10));

        Assert.Empty(await ClaimAsync(Now.AddMinutes(5)));
        var retried = Assert.Single(await Store.ClaimDueOutboxAsync(Now.AddMinutes(10), 10, Lease));
        Assert.Equal(1, retried.Attempts);
        Assert.Equal("421 try later", retried.LastError);
        Assert.Equal(Now.AddMinutes(10), retried.DueAt);
        Assert.Null(retried.SentAt);

        await Store.MarkOutboxFailedAsync("m1", "timeout", Now.AddMinutes(30));
        Assert.Equal(2, Assert.Single(await Store.ListOutboxAsync(mailbox.Id)).Attempts);
    }

    [Fact]
    public async Task ADroppedMessageIsKeptButNeverClaimedAndCanBeQueuedAgain()
    {
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)), (_, _) => [Message(mailbox, "m1", Now) with { ExpiresAt = Now.AddHours(1) }]);

        await Store.MarkOutboxDroppedAsync("m1", "expired", Now.AddHours(2));

        Assert.Empty(await ClaimAsync(Now.AddHours(3)));
        var dropped = Assert.Single(await Store.ListOutboxAsync(mailbox.Id));
        Assert.Equal((Now.AddHours(2), "expired", Now.AddHours(1)), (dropped.DroppedAt, dropped.LastError, dropped.ExpiresAt));
        Assert.False(dropped.IsPending);

        Assert.True(await Store.RequeueOutboxAsync(mailbox.Id, "m1", Now.AddHours(3)));
        Assert.False(await Store.RequeueOutboxAsync(mailbox.Id, "nope", Now.AddHours(3)));
        var again = Assert.Single(await Store.ClaimDueOutboxAsync(Now.AddHours(3), 10, Lease));
        Assert.Equal((Now.AddHours(3), (DateTimeOffset?)null, (DateTimeOffset?)null), (again.DueAt, again.DroppedAt, again.SentAt));
    }

    [Fact]
    public async Task EnqueuedMessagesWithoutAnAppointmentAreClaimedAndDeduplicated()
    {
        var mailbox = await CreateMailboxAsync();
        var invitation = Message(mailbox, "inv-1", Now) with { Kind = "invitation.staff", DeduplicationKey = "invitation:anna:1" };

        await Store.EnqueueOutboxAsync([invitation]);
        await Store.EnqueueOutboxAsync([invitation with { Id = "inv-2" }]);

        Assert.Equal(["inv-1"], (await Store.ListOutboxAsync(mailbox.Id)).Select(m => m.Id));
        Assert.Equal(["inv-1"], await ClaimAsync(Now));
        await Store.MarkOutboxSentAsync("inv-1", Now);
        Assert.NotNull(Assert.Single(await Store.ListOutboxAsync(mailbox.Id)).SentAt);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.EnqueueOutboxAsync([invitation with { MailboxId = "nobody@bookings.local", DeduplicationKey = "x" }]));
    }

    // Manage links an earlier version kept in clear

    [Fact]
    public async Task AMessageSentOrDroppedKeepsNoClearManageLinkOfAnEarlierVersionWhileAPendingOneStillWorks()
    {
        var token = ManageTokens.Create();
        var (mailbox, command, legacy) = await WithClearManageLinksAsync(Store, "https://book.example/manage/" + token);
        var booked = await BookAsync(command, legacy);
        var due = await Store.ClaimDueOutboxAsync(Now, 10, Lease);
        var confirmation = due.Single(m => m.Kind == NotificationKinds.BookingCustomer);
        var sms = due.Single(m => m.Kind == NotificationKinds.BookingSms);

        await Store.MarkOutboxSentAsync(confirmation.Id, Now);
        await Store.MarkOutboxDroppedAsync(sms.Id, "expired", Now);

        var outbox = await Store.ListOutboxAsync(mailbox.Id);
        Assert.Contains(token, AllText(confirmation));
        foreach (var done in outbox.Where(m => m.Id == confirmation.Id || m.Id == sms.Id))
        {
            Assert.DoesNotContain(token, AllText(done));
            Assert.DoesNotContain("/manage/", AllText(done));
        }
        Assert.Contains("To change or cancel your booking, open:", AllText(outbox.Single(m => m.Id == confirmation.Id))); // the rest is kept
        // Still to be sent: the reminders keep the link that works (the store cannot make another).
        var reminders = outbox.Where(m => NotificationKinds.IsScheduled(m.Kind)).ToList();
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Contains("https://book.example/manage/" + token, AllText(r)));

        // Cancelling drops them, and what is dropped keeps no link either.
        Assert.True(await Store.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, NoMessages));
        Assert.All((await Store.ListOutboxAsync(mailbox.Id)).Where(m => NotificationKinds.IsScheduled(m.Kind)), r =>
        {
            Assert.NotNull(r.DroppedAt);
            Assert.DoesNotContain(token, AllText(r));
        });
    }

    // Invitation links an earlier version kept in clear

    [Fact]
    public async Task AnInvitationSentOrDroppedKeepsNoClearInvitationLinkOfAnEarlierVersionWhileAPendingOneStillWorks()
    {
        var mailbox = await CreateMailboxAsync();
        var token = ManageTokens.Create();
        var link = $"https://book.example/staff/invitation/{mailbox.Slug}/maria/{token}";
        await Store.EnqueueOutboxAsync(WithClearInvitationLinks(mailbox, link, "anna", "piotr", "maria"));
        var due = await Store.ClaimDueOutboxAsync(Now, 10, Lease);
        OutboxMessage To(string staffId) => due.Single(m => m.DeduplicationKey.StartsWith($"invitation:{staffId}:", StringComparison.Ordinal));

        await Store.MarkOutboxSentAsync(To("anna").Id, Now);
        await Store.MarkOutboxDroppedAsync(To("piotr").Id, "expired", Now);

        var outbox = (await Store.ListOutboxAsync(mailbox.Id)).ToDictionary(m => m.Id);
        Assert.Contains(token, AllText(To("anna")));
        foreach (var done in new[] { outbox[To("anna").Id], outbox[To("piotr").Id] })
        {
            Assert.False(done.IsPending);
            Assert.DoesNotContain(token, AllText(done));
            Assert.DoesNotContain("/staff/invitation/", AllText(done));
            Assert.Contains("To accept the invitation, open:", AllText(done)); // the rest is kept
        }
        // Still to be sent: it keeps the links that work (the store cannot make others).
        Assert.Contains(link, AllText(outbox[To("maria").Id]));
    }

    // Scheduled messages follow their appointment

    private static OutboxComposer Scheduled(string kind) => (appointment, attendee) =>
    [
        new OutboxMessage($"rem-{attendee.Id}-{appointment.Sequence}", appointment.MailboxId, $"{appointment.Id}:{attendee.Id}:reminder.customer:0:{appointment.Sequence}",
            "email", kind, "{}", Now, appointment.Start.AddHours(-1), ExpiresAt: appointment.Start),
    ];

    [Fact]
    public async Task CancellingASeatDropsItsUnsentRemindersAndKeepsTheOthers()
    {
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Workshop(mailbox, Tuesday(10)), Scheduled("reminder.customer"));
        var second = await BookAsync(Workshop(mailbox, Tuesday(10)), Scheduled("reminder.customer"));

        Assert.True(await Store.CancelAttendeeAsync(mailbox.Id, first.Appointment.Id, first.Attendee.Id, NoMessages));

        var outbox = (await Store.ListOutboxAsync(mailbox.Id)).ToDictionary(m => m.Id);
        Assert.NotNull(outbox[$"rem-{first.Attendee.Id}-0"].DroppedAt);
        Assert.Null(outbox[$"rem-{second.Attendee.Id}-0"].DroppedAt);
        Assert.Equal([$"rem-{second.Attendee.Id}-0"], await ClaimAsync(Tuesday(9, 30)));
    }

    [Fact]
    public async Task ReschedulingMovesTheAppointmentRaisesItsSequenceAndReplacesItsReminders()
    {
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)), Scheduled("reminder.customer"));
        await BookAsync(Consult(mailbox, Tuesday(11)));
        Appointment? composedWith = null;

        var outcome = await Store.RescheduleAsync(new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(14), Tuesday(14, 30), []),
            (a, att) => { composedWith = a; return Scheduled("reminder.customer")(a, att); });

        var moved = Assert.IsType<RescheduleOutcome.Moved>(outcome);
        Assert.Equal((Tuesday(9), Tuesday(14), Tuesday(14, 30)), (moved.Before.Start, moved.After.Start, moved.After.End));
        Assert.Equal((booked.Appointment.Id, booked.Appointment.IcsUid, 1), (moved.After.Id, moved.After.IcsUid, moved.After.Sequence));
        Assert.NotEqual(booked.Appointment.Version, moved.After.Version);
        Assert.Equal(booked.Attendee.Id, moved.Attendee.Id);
        Assert.Equal(moved.After.Start, composedWith?.Start);
        Assert.Equal([Tuesday(11), Tuesday(14)], (await TuesdayAsync(mailbox)).Select(a => a.Start));
        var outbox = (await Store.ListOutboxAsync(mailbox.Id)).ToDictionary(m => m.Id);
        Assert.NotNull(outbox[$"rem-{booked.Attendee.Id}-0"].DroppedAt);
        Assert.Equal(Tuesday(13), outbox[$"rem-{booked.Attendee.Id}-1"].DueAt);
        // The freed slot books again; the taken one does not.
        await BookAsync(Consult(mailbox, Tuesday(9)));
    }

    [Fact]
    public async Task ReschedulingOntoATakenSlotOrPastACapChangesNothing()
    {
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        await BookAsync(Consult(mailbox, Tuesday(11)) with { PostBuffer = TimeSpan.FromMinutes(30) });

        Assert.Equal("slot_taken", Assert.IsType<RescheduleOutcome.Conflict>(await Store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(11, 30), Tuesday(12), []), NoMessages)).Code);
        var cap = new CapWindow(Tuesday(0), Tuesday(0).AddDays(1), 2, "staff_cap_reached");
        // Moving within the same day does not count the appointment against itself…
        Assert.IsType<RescheduleOutcome.Moved>(await Store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(9, 30), Tuesday(10), [cap]), NoMessages));
        // …and a cap that the others already fill refuses it.
        Assert.Equal("staff_cap_reached", Assert.IsType<RescheduleOutcome.Conflict>(await Store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "anna", Tuesday(15), Tuesday(15, 30), [cap with { Max = 1 }]), NoMessages)).Code);
        Assert.Equal([Tuesday(9, 30), Tuesday(11)], (await TuesdayAsync(mailbox)).Select(a => a.Start));
        // A group appointment or an unknown one is not rescheduled this way.
        var workshop = await BookAsync(Workshop(mailbox, Tuesday(13)));
        Assert.IsType<RescheduleOutcome.NotFound>(await Store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, workshop.Appointment.Id, "anna", Tuesday(16), Tuesday(17), []), NoMessages));
        Assert.IsType<RescheduleOutcome.NotFound>(await Store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, "apt-unknown", "anna", Tuesday(16), Tuesday(16, 30), []), NoMessages));
    }

    [Fact]
    public async Task ReschedulingToAnotherStaffMemberChecksTheirCalendar()
    {
        var mailbox = await CreateMailboxAsync();
        var booked = await BookAsync(Consult(mailbox, Tuesday(9)));
        await BookAsync(Consult(mailbox, Tuesday(10), staffId: "piotr"));

        Assert.IsType<RescheduleOutcome.Conflict>(await Store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "piotr", Tuesday(10), Tuesday(10, 30), []), NoMessages));
        var moved = Assert.IsType<RescheduleOutcome.Moved>(await Store.RescheduleAsync(
            new RescheduleCommand(mailbox.Id, booked.Appointment.Id, "piotr", Tuesday(9), Tuesday(9, 30), []), NoMessages));
        Assert.Equal("piotr", moved.After.StaffId);
        Assert.Equal("piotr", (await Store.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.StaffId);
    }

    [Fact]
    public async Task TheAttendeesLanguageIsKept()
    {
        var mailbox = await CreateMailboxAsync();
        var command = Consult(mailbox, Tuesday(9));
        var booked = await BookAsync(command with { Attendee = command.Attendee with { Language = "pl" } });

        Assert.Equal("pl", (await Store.GetAppointmentAsync(mailbox.Id, booked.Appointment.Id))?.Attendees.Single().Language);
    }

    // SMS opt-outs

    [Fact]
    public async Task AStopReplyOptsANumberOutOfEveryCalendarUntilItOptsInAgain()
    {
        var first = await CreateMailboxAsync();
        var second = await CreateMailboxAsync("second");
        Assert.False(await Store.IsSmsOptedOutAsync(first.Id, "+48600100200"));

        await Store.SetSmsOptOutAsync("+48600100200", optedOut: true, Now);
        await Store.SetSmsOptOutAsync("+48600100200", optedOut: true, Now.AddMinutes(1));

        Assert.True(await Store.IsSmsOptedOutAsync(first.Id, "+48600100200"));
        Assert.True(await Store.IsSmsOptedOutAsync(second.Id, "+48600100200"));
        Assert.False(await Store.IsSmsOptedOutAsync(first.Id, "+48600100201"));
        await Store.SetSmsOptOutAsync("+48600100200", optedOut: false, Now.AddMinutes(2));
        Assert.False(await Store.IsSmsOptedOutAsync(second.Id, "+48600100200"));
    }
}
