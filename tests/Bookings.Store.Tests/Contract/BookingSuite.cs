using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>The steps of the suites that book appointments (<see cref="IAppointmentStore"/>) and look at what follows.</summary>
public abstract class BookingSuite : StoreContract
{
    protected IAppointmentStore Appointments => Port<IAppointmentStore>();

    protected async Task<BookOutcome.Booked> BookAsync(BookingCommand command, OutboxComposer? outbox = null)
    {
        var outcome = await Appointments.BookAsync(command, outbox ?? NoMessages);
        // Say why when it is not booked: a conflict's code tells a real overlap from a store fault.
        return outcome as BookOutcome.Booked ?? throw new Xunit.Sdk.XunitException($"Expected Booked, got {outcome}.");
    }

    protected async Task<string> ConflictAsync(BookingCommand command, OutboxComposer? outbox = null) =>
        Assert.IsType<BookOutcome.Conflict>(await Appointments.BookAsync(command, outbox ?? NoMessages)).Code;

    protected async Task<IReadOnlyList<Appointment>> TuesdayAsync(Mailbox mailbox) =>
        await Appointments.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(0).AddDays(1));

    // The outbox messages a booking or a change writes

    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected async Task<string[]> ClaimAsync(DateTimeOffset now, int max = 10) =>
        [.. (await Port<IOutboxStore>().ClaimDueOutboxAsync(now, max, Lease)).Select(m => m.Id)];

    /// <summary>A reminder an hour ahead that expires when the appointment begins, keyed by the appointment's sequence.</summary>
    protected static OutboxComposer Scheduled(string kind) => (appointment, attendee) =>
    [
        new OutboxMessage($"rem-{attendee.Id}-{appointment.Sequence}", appointment.MailboxId, $"{appointment.Id}:{attendee.Id}:reminder.customer:0:{appointment.Sequence}",
            "email", kind, "{}", Now, appointment.Start.AddHours(-1), ExpiresAt: appointment.Start),
    ];
}
