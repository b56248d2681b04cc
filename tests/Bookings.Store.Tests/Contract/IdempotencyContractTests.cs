using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// Idempotency keys (<see cref="IAppointmentStore.GetIdempotencyRecordAsync"/>): the first answer to a key is recorded with the booking
/// and replayed until it expires.
/// </summary>
public sealed class IdempotencyContractTests : BookingSuite
{
    private IOutboxStore Outbox => Port<IOutboxStore>();

    [Theory, MemberData(nameof(Stores))]
    public async Task ARepeatedIdempotencyKeyReplaysTheFirstRecordAndWritesNothing(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var first = Consult(mailbox, Tuesday(9)).WithIdempotencyKey("key-1", Now.AddHours(24));
        var booked = await BookAsync(first, Email("booked"));

        var record = await Appointments.GetIdempotencyRecordAsync(mailbox.Id, "key-1");
        Assert.NotNull(record);
        Assert.Equal(first.Idempotency! with { AppointmentId = booked.Appointment.Id }, record);

        var again = Consult(mailbox, Tuesday(11)).WithIdempotencyKey("key-1", Now.AddHours(24));
        var replay = Assert.IsType<BookOutcome.Replay>(await Appointments.BookAsync(again, Email("booked")));

        Assert.Equal(record, replay.Record);
        Assert.Single(await TuesdayAsync(mailbox));
        Assert.Single(await Appointments.ListCustomersAsync(mailbox.Id));
        Assert.Single(await Outbox.ListOutboxAsync(mailbox.Id));
        Assert.Null(await Appointments.GetIdempotencyRecordAsync(mailbox.Id, "key-2"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AnExpiredIdempotencyKeyBooksAgainAndKeepsTheNewRecord(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)).WithIdempotencyKey("key-1", Now.AddHours(1)));
        Time.Advance(TimeSpan.FromHours(2));

        var second = await BookAsync(Consult(mailbox, Tuesday(11)).WithIdempotencyKey("key-1", Now.AddHours(26)));

        var record = await Appointments.GetIdempotencyRecordAsync(mailbox.Id, "key-1");
        Assert.Equal(second.Appointment.Id, record?.AppointmentId);
        Assert.Equal(Now.AddHours(26), record?.ExpiresAt);
        Assert.Equal(2, (await TuesdayAsync(mailbox)).Count);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AGroupSeatsIdempotencyRecordNamesTheAppointmentItJoined(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var first = await BookAsync(Workshop(mailbox, Tuesday(10)));

        await BookAsync(Workshop(mailbox, Tuesday(10)).WithIdempotencyKey("key-1", Now.AddHours(24)));

        Assert.Equal(first.Appointment.Id, (await Appointments.GetIdempotencyRecordAsync(mailbox.Id, "key-1"))?.AppointmentId);
    }
}
