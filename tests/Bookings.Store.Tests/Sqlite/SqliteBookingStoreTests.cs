using Bookings.Core.Booking;
using Bookings.Core.Notifications;
using Bookings.Core.Store;
using Bookings.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static Bookings.Store.Tests.Contract.TestData;

namespace Bookings.Store.Tests.Sqlite;

// What only the embedded store promises: the file, its schema, and many writers on one file.
public sealed class SqliteBookingStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly List<SqliteBookingStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        _directory.Dispose();
    }

    private SqliteBookingStore NewStore(string? directory = null)
    {
        var store = new SqliteBookingStore(directory ?? _directory.Path, _time);
        _stores.Add(store);
        return store;
    }

    private static async Task<T?> QueryAsync<T>(SqliteBookingStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T?)await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(SqliteBookingStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task MigratingTwiceIsHarmless()
    {
        var store = NewStore();
        await store.MigrateAsync();
        var mailbox = await store.CreateMailboxAsync(Calendar());
        var version = await QueryAsync<long>(store, "PRAGMA user_version");

        await store.MigrateAsync();
        await NewStore().MigrateAsync();

        Assert.True(version >= 1);
        Assert.Equal(version, await QueryAsync<long>(store, "PRAGMA user_version"));
        Assert.Equal(mailbox.Version, (await store.GetMailboxAsync(mailbox.Id))?.Version);
    }

    [Fact]
    public async Task UpgradingRedactsTheClearManageLinksOfSentAndDroppedMessagesAndKeepsThoseOfPendingOnes()
    {
        var token = ManageTokens.Create();
        var link = "https://book.example/manage/" + token;
        var store = NewStore();
        var (mailbox, command, legacy) = await WithClearManageLinksAsync(store, link);
        Assert.IsType<BookOutcome.Booked>(await store.BookAsync(command, legacy));
        // As an earlier version left them: the confirmation sent, its SMS dropped, the reminders pending; schema version 6.
        await ExecuteAsync(store, $"""
            UPDATE outbox SET sent_at = {Now.UtcTicks} WHERE kind = 'booking.customer';
            UPDATE outbox SET dropped_at = {Now.UtcTicks}, last_error = 'expired' WHERE kind = 'booking.sms';
            PRAGMA user_version = 6;
            """);

        await NewStore().MigrateAsync();

        var outbox = await store.ListOutboxAsync(mailbox.Id);
        var done = outbox.Where(m => !m.IsPending).ToList();
        Assert.Equal(["booking.customer", "booking.sms"], done.Select(m => m.Kind).Order());
        Assert.All(done, m => Assert.DoesNotContain(token, AllText(m)));
        Assert.All(done, m => Assert.DoesNotContain("/manage/", AllText(m)));
        Assert.Contains("To change or cancel your booking, open:", AllText(done.Single(m => m.Kind == "booking.customer")));
        Assert.All(outbox.Where(m => NotificationKinds.IsScheduled(m.Kind)), m => Assert.Contains(link, AllText(m)));
    }

    [Fact]
    public async Task UpgradingRedactsTheClearInvitationLinksOfSentAndDroppedMessagesAndKeepsThoseOfPendingOnes()
    {
        var token = ManageTokens.Create();
        var link = "https://book.example/staff/invitation/contoso/maria/" + token;
        var store = NewStore();
        var mailbox = await store.CreateMailboxAsync(Calendar());
        await store.EnqueueOutboxAsync(WithClearInvitationLinks(mailbox, link, "anna", "piotr", "maria"));
        // As an earlier version left them: Anna's invitation sent, Piotr's dropped, Maria's pending; schema version 7.
        await ExecuteAsync(store, $"""
            UPDATE outbox SET sent_at = {Now.UtcTicks} WHERE deduplication_key LIKE 'invitation:anna:%';
            UPDATE outbox SET dropped_at = {Now.UtcTicks}, last_error = 'expired' WHERE deduplication_key LIKE 'invitation:piotr:%';
            PRAGMA user_version = 7;
            """);

        await NewStore().MigrateAsync();

        var outbox = await store.ListOutboxAsync(mailbox.Id);
        var done = outbox.Where(m => !m.IsPending).ToList();
        Assert.Equal(2, done.Count);
        Assert.All(done, m => Assert.DoesNotContain(token, AllText(m)));
        Assert.All(done, m => Assert.DoesNotContain("/staff/invitation/", AllText(m)));
        Assert.All(done, m => Assert.Contains("To accept the invitation, open:", AllText(m)));
        Assert.Contains(link, AllText(Assert.Single(outbox, m => m.IsPending)));
    }

    [Fact]
    public async Task AStoreThatWasNeverMigratedCreatesItsFileOnFirstUse()
    {
        var store = NewStore(Path.Combine(_directory.Path, "nested", "data"));

        Assert.Empty(await store.ListMailboxesAsync());

        Assert.Equal(Path.Combine(_directory.Path, "nested", "data", "bookings.db"), store.DatabasePath);
        Assert.True(File.Exists(store.DatabasePath));
    }

    [Fact]
    public async Task TheDatabaseFileIsInWalMode()
    {
        var store = NewStore();
        await store.MigrateAsync();

        Assert.Equal("wal", await QueryAsync<string>(store, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task DataSurvivesANewStoreOnTheSameDirectory()
    {
        var first = NewStore();
        var mailbox = await first.CreateMailboxAsync(Calendar());
        var booked = Assert.IsType<BookOutcome.Booked>(await first.BookAsync(Consult(mailbox, Tuesday(9)), Email("booked")));
        first.Dispose();

        var second = NewStore();

        Assert.Equal(mailbox.Version, (await second.GetMailboxBySlugAsync("contoso"))?.Version);
        Assert.Equal(booked.Appointment.Id, Assert.Single(await second.ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(23))).Id);
        Assert.NotNull(await second.FindByManageTokenHashAsync(booked.Attendee.ManageTokenHash));
        Assert.Single(await second.ListOutboxAsync(mailbox.Id));
    }

    [Fact]
    public async Task FiftyConcurrentBookingsOfOneSlotEndWithExactlyOneBooked()
    {
        var mailbox = await NewStore().CreateMailboxAsync(Calendar());
        // A store instance per caller: separate connections contend for the file lock as separate processes would.
        var callers = Enumerable.Range(0, 50).Select(_ => (Store: NewStore(), Command: Consult(mailbox, Tuesday(9)))).ToList();

        var outcomes = await Task.WhenAll(callers.Select(c => Task.Run(() => c.Store.BookAsync(c.Command, Email("booked")))));

        Assert.Single(outcomes.OfType<BookOutcome.Booked>());
        Assert.Equal(49, outcomes.OfType<BookOutcome.Conflict>().Count(c => c.Code == "slot_taken"));
        Assert.Single(await NewStore().ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(23)));
        Assert.Single(await NewStore().ListOutboxAsync(mailbox.Id));
    }

    [Fact]
    public async Task FiftyConcurrentSeatsOfAGroupFillItExactly()
    {
        var mailbox = await NewStore().CreateMailboxAsync(Calendar());
        var callers = Enumerable.Range(0, 50).Select(_ => (Store: NewStore(), Command: Workshop(mailbox, Tuesday(10)))).ToList();

        var outcomes = await Task.WhenAll(callers.Select(c => Task.Run(() => c.Store.BookAsync(c.Command, NoMessages))));

        Assert.Equal(5, outcomes.OfType<BookOutcome.Booked>().Count());
        Assert.Equal(45, outcomes.OfType<BookOutcome.Conflict>().Count(c => c.Code == "seats_full"));
        var appointment = Assert.Single(await NewStore().ListAppointmentsAsync(mailbox.Id, Tuesday(0), Tuesday(23)));
        Assert.Equal(5, appointment.SeatsTaken);
    }

    [Fact]
    public async Task ABookingWaitsForAnotherWriterInsteadOfFailing()
    {
        var store = NewStore();
        var mailbox = await store.CreateMailboxAsync(Calendar());
        await using var other = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var booking = Task.Run(() => store.BookAsync(Consult(mailbox, Tuesday(9)), NoMessages));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(booking.IsCompleted);

        await using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }
        Assert.IsType<BookOutcome.Booked>(await booking.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task DeletingAMailboxRemovesEverythingItHeld()
    {
        var store = NewStore();
        var mailbox = await store.CreateMailboxAsync(Calendar());
        var other = await store.CreateMailboxAsync(Calendar("fabrikam"));
        await store.BookAsync(Consult(mailbox, Tuesday(9)).WithIdempotencyKey("key-1", Now.AddDays(1)), Email("booked"));
        await store.BookAsync(Consult(other, Tuesday(9)), Email("booked"));

        Assert.True(await store.DeleteMailboxAsync(mailbox.Id));

        foreach (var table in new[] { "appointments", "attendees", "customers", "outbox" })
            Assert.Equal(1, await QueryAsync<long>(store, $"SELECT count(*) FROM {table}"));
        Assert.Equal(0, await QueryAsync<long>(store, "SELECT count(*) FROM idempotency"));
        Assert.Single(await store.ListAppointmentsAsync(other.Id, Tuesday(0), Tuesday(23)));
    }

    [Fact]
    public async Task AnAppointmentBlockingMoreThanTheLongestSpanIsRefused()
    {
        var store = NewStore();
        var mailbox = await store.CreateMailboxAsync(Calendar());
        var command = Consult(mailbox, Tuesday(9));

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.BookAsync(command with { End = command.Start + SqliteBookingStore.MaxBlockedSpan, PostBuffer = TimeSpan.FromMinutes(1) }, NoMessages));
        await Assert.ThrowsAsync<ArgumentException>(() => store.BookAsync(command with { End = command.Start }, NoMessages));
    }

    [Fact]
    public async Task MailboxLookupsIgnoreTheCaseOfTheAddress()
    {
        var store = NewStore();
        var mailbox = await store.CreateMailboxAsync(Calendar());
        await store.BookAsync(Consult(mailbox, Tuesday(9)), NoMessages);

        Assert.Equal(mailbox.Id, (await store.GetMailboxAsync("Contoso@Bookings.Local"))?.Id);
        Assert.Single(await store.ListAppointmentsAsync("CONTOSO@bookings.local", Tuesday(0), Tuesday(23)));
    }
}
