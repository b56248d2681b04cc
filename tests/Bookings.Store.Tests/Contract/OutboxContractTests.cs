using Bookings.Core.Booking;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Contract;

/// <summary>
/// The outbox (<see cref="IOutboxStore"/>): messages claimed when due under a lease, marked sent, failed or dropped, enqueued without
/// an appointment, requeued; what is sent or dropped keeps no clear link an earlier version wrote.
/// </summary>
public sealed class OutboxContractTests : BookingSuite
{
    private IOutboxStore Outbox => Port<IOutboxStore>();

    [Theory, MemberData(nameof(Stores))]
    public async Task DueMessagesAreClaimedOldestFirstAndLeasedUntilSent(string store)
    {
        await OpenAsync(store);
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
        Assert.Equal(Now + Lease, (await Outbox.ListOutboxAsync(mailbox.Id)).Single(m => m.Id == "earlier").LeaseUntil);

        await Outbox.MarkOutboxSentAsync("earlier", Now.AddMinutes(1));

        // A dispatcher that crashed holding "now" loses it when its lease runs out; "earlier" was sent and stays sent.
        Assert.Equal(["now", "later"], await ClaimAsync(Now.AddHours(1)));
        var sent = (await Outbox.ListOutboxAsync(mailbox.Id)).Single(m => m.Id == "earlier");
        Assert.Equal(Now.AddMinutes(1), sent.SentAt);
        Assert.False(sent.IsPending);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task AFailedMessageWaitsUntilItsRetryTimeAndCountsTheAttempt(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)), (_, _) => [Message(mailbox, "m1", Now)]);
        Assert.Equal(["m1"], await ClaimAsync(Now));

        await Outbox.MarkOutboxFailedAsync("m1", "421 try later", Now.AddMinutes(10));

        Assert.Empty(await ClaimAsync(Now.AddMinutes(5)));
        var retried = Assert.Single(await Outbox.ClaimDueOutboxAsync(Now.AddMinutes(10), 10, Lease));
        Assert.Equal(1, retried.Attempts);
        Assert.Equal("421 try later", retried.LastError);
        Assert.Equal(Now.AddMinutes(10), retried.DueAt);
        Assert.Null(retried.SentAt);

        await Outbox.MarkOutboxFailedAsync("m1", "timeout", Now.AddMinutes(30));
        Assert.Equal(2, Assert.Single(await Outbox.ListOutboxAsync(mailbox.Id)).Attempts);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ADroppedMessageIsKeptButNeverClaimedAndCanBeQueuedAgain(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        await BookAsync(Consult(mailbox, Tuesday(9)), (_, _) => [Message(mailbox, "m1", Now) with { ExpiresAt = Now.AddHours(1) }]);

        await Outbox.MarkOutboxDroppedAsync("m1", "expired", Now.AddHours(2));

        Assert.Empty(await ClaimAsync(Now.AddHours(3)));
        var dropped = Assert.Single(await Outbox.ListOutboxAsync(mailbox.Id));
        Assert.Equal((Now.AddHours(2), "expired", Now.AddHours(1)), (dropped.DroppedAt, dropped.LastError, dropped.ExpiresAt));
        Assert.False(dropped.IsPending);

        Assert.True(await Outbox.RequeueOutboxAsync(mailbox.Id, "m1", Now.AddHours(3)));
        Assert.False(await Outbox.RequeueOutboxAsync(mailbox.Id, "nope", Now.AddHours(3)));
        var again = Assert.Single(await Outbox.ClaimDueOutboxAsync(Now.AddHours(3), 10, Lease));
        Assert.Equal((Now.AddHours(3), (DateTimeOffset?)null, (DateTimeOffset?)null), (again.DueAt, again.DroppedAt, again.SentAt));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task EnqueuedMessagesWithoutAnAppointmentAreClaimedAndDeduplicated(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var invitation = Message(mailbox, "inv-1", Now) with { Kind = "invitation.staff", DeduplicationKey = "invitation:anna:1" };

        await Outbox.EnqueueOutboxAsync([invitation]);
        await Outbox.EnqueueOutboxAsync([invitation with { Id = "inv-2" }]);

        Assert.Equal(["inv-1"], (await Outbox.ListOutboxAsync(mailbox.Id)).Select(m => m.Id));
        Assert.Equal(["inv-1"], await ClaimAsync(Now));
        await Outbox.MarkOutboxSentAsync("inv-1", Now);
        Assert.NotNull(Assert.Single(await Outbox.ListOutboxAsync(mailbox.Id)).SentAt);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Outbox.EnqueueOutboxAsync([invitation with { MailboxId = "nobody@bookings.local", DeduplicationKey = "x" }]));
    }

    // Manage links an earlier version kept in clear

    [Theory, MemberData(nameof(Stores))]
    public async Task AMessageSentOrDroppedKeepsNoClearManageLinkOfAnEarlierVersionWhileAPendingOneStillWorks(string store)
    {
        await OpenAsync(store);
        var token = ManageTokens.Create();
        var (mailbox, command, legacy) = await WithClearManageLinksAsync(Mailboxes, "https://book.example/manage/" + token);
        var booked = await BookAsync(command, legacy);
        var due = await Outbox.ClaimDueOutboxAsync(Now, 10, Lease);
        var confirmation = due.Single(m => m.Kind == NotificationKinds.BookingCustomer);
        var sms = due.Single(m => m.Kind == NotificationKinds.BookingSms);

        await Outbox.MarkOutboxSentAsync(confirmation.Id, Now);
        await Outbox.MarkOutboxDroppedAsync(sms.Id, "expired", Now);

        var outbox = await Outbox.ListOutboxAsync(mailbox.Id);
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
        Assert.True(await Appointments.CancelAttendeeAsync(mailbox.Id, booked.Appointment.Id, booked.Attendee.Id, NoMessages));
        Assert.All((await Outbox.ListOutboxAsync(mailbox.Id)).Where(m => NotificationKinds.IsScheduled(m.Kind)), r =>
        {
            Assert.NotNull(r.DroppedAt);
            Assert.DoesNotContain(token, AllText(r));
        });
    }

    // Invitation links an earlier version kept in clear

    [Theory, MemberData(nameof(Stores))]
    public async Task AnInvitationSentOrDroppedKeepsNoClearInvitationLinkOfAnEarlierVersionWhileAPendingOneStillWorks(string store)
    {
        await OpenAsync(store);
        var mailbox = await CreateMailboxAsync();
        var token = ManageTokens.Create();
        var link = $"https://book.example/staff/invitation/{mailbox.Slug}/maria/{token}";
        await Outbox.EnqueueOutboxAsync(WithClearInvitationLinks(mailbox, link, "anna", "piotr", "maria"));
        var due = await Outbox.ClaimDueOutboxAsync(Now, 10, Lease);
        OutboxMessage To(string staffId) => due.Single(m => m.DeduplicationKey.StartsWith($"invitation:{staffId}:", StringComparison.Ordinal));

        await Outbox.MarkOutboxSentAsync(To("anna").Id, Now);
        await Outbox.MarkOutboxDroppedAsync(To("piotr").Id, "expired", Now);

        var outbox = (await Outbox.ListOutboxAsync(mailbox.Id)).ToDictionary(m => m.Id);
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
}
