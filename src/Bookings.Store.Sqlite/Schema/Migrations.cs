namespace Bookings.Store.Sqlite.Schema;

// The schema as an ordered list of migrations; PRAGMA user_version holds the last one
// applied. Append new migrations, never edit a released one.
internal static class Migrations
{
    /// <param name="Data">Runs after <paramref name="Sql"/>, in the same transaction, for a change SQL alone cannot make.</param>
    public sealed record Migration(int Version, string Sql, Func<Session, CancellationToken, Task>? Data = null);

    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, """
            CREATE TABLE mailboxes (
                id             TEXT    NOT NULL COLLATE NOCASE PRIMARY KEY,
                slug           TEXT    NOT NULL UNIQUE,
                display_name   TEXT    NOT NULL,
                recipient_type TEXT    NOT NULL,
                version        TEXT    NOT NULL,
                document       TEXT    NOT NULL,
                created_at     INTEGER NOT NULL,
                updated_at     INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE customers (
                id         TEXT    NOT NULL PRIMARY KEY,
                mailbox_id TEXT    NOT NULL COLLATE NOCASE REFERENCES mailboxes(id) ON DELETE CASCADE,
                name       TEXT    NOT NULL,
                email      TEXT    COLLATE NOCASE,
                phone      TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            ) STRICT;
            -- NULLs are distinct in a unique index, so customers without an email never collide.
            CREATE UNIQUE INDEX ux_customers_email ON customers (mailbox_id, email);

            CREATE TABLE appointments (
                id            TEXT    NOT NULL PRIMARY KEY,
                mailbox_id    TEXT    NOT NULL COLLATE NOCASE REFERENCES mailboxes(id) ON DELETE CASCADE,
                service_id    TEXT    NOT NULL,
                staff_id      TEXT    NOT NULL,
                start_utc     INTEGER NOT NULL,
                end_utc       INTEGER NOT NULL,
                pre_buffer    INTEGER NOT NULL,
                post_buffer   INTEGER NOT NULL,
                blocked_start INTEGER NOT NULL,
                blocked_end   INTEGER NOT NULL,
                seats         INTEGER NOT NULL,
                status        TEXT    NOT NULL CHECK (status IN ('booked', 'cancelled')),
                ics_uid       TEXT    NOT NULL,
                sequence      INTEGER NOT NULL,
                version       TEXT    NOT NULL,
                created_at    INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX ix_appointments_staff ON appointments (mailbox_id, staff_id, blocked_start);
            CREATE INDEX ix_appointments_range ON appointments (mailbox_id, blocked_start);

            CREATE TABLE attendees (
                id                TEXT    NOT NULL PRIMARY KEY,
                appointment_id    TEXT    NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
                customer_id       TEXT    NOT NULL REFERENCES customers(id),
                name              TEXT    NOT NULL,
                email             TEXT,
                phone             TEXT,
                time_zone         TEXT,
                notes             TEXT,
                answers           TEXT    NOT NULL,
                consent_at        INTEGER,
                sms_opt_in        INTEGER NOT NULL,
                manage_token_hash TEXT    NOT NULL UNIQUE,
                status            TEXT    NOT NULL CHECK (status IN ('booked', 'cancelled')),
                created_at        INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX ix_attendees_appointment ON attendees (appointment_id);
            CREATE INDEX ix_attendees_customer ON attendees (customer_id);

            CREATE TABLE outbox (
                id                TEXT    NOT NULL PRIMARY KEY,
                mailbox_id        TEXT    NOT NULL COLLATE NOCASE REFERENCES mailboxes(id) ON DELETE CASCADE,
                deduplication_key TEXT    NOT NULL UNIQUE,
                channel           TEXT    NOT NULL,
                kind              TEXT    NOT NULL,
                payload           TEXT    NOT NULL,
                created_at        INTEGER NOT NULL,
                due_at            INTEGER NOT NULL,
                sent_at           INTEGER,
                attempts          INTEGER NOT NULL DEFAULT 0,
                last_error        TEXT
            ) STRICT;
            CREATE INDEX ix_outbox_due ON outbox (due_at) WHERE sent_at IS NULL;
            CREATE INDEX ix_outbox_mailbox ON outbox (mailbox_id, created_at);

            CREATE TABLE idempotency (
                mailbox_id          TEXT    NOT NULL COLLATE NOCASE REFERENCES mailboxes(id) ON DELETE CASCADE,
                key                 TEXT    NOT NULL,
                request_fingerprint TEXT    NOT NULL,
                appointment_id      TEXT    NOT NULL,
                attendee_id         TEXT    NOT NULL,
                protected_token     TEXT    NOT NULL,
                expires_at          INTEGER NOT NULL,
                PRIMARY KEY (mailbox_id, key)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX ix_idempotency_expiry ON idempotency (mailbox_id, expires_at);
            """),
        new(2, """
            -- Moves on every change to a mailbox's appointments or time off, from any process, so
            -- cached availability inputs are revalidated with one indexed read.
            ALTER TABLE mailboxes ADD COLUMN change_stamp INTEGER NOT NULL DEFAULT 0;

            CREATE TABLE time_off (
                id         TEXT    NOT NULL PRIMARY KEY,
                mailbox_id TEXT    NOT NULL COLLATE NOCASE REFERENCES mailboxes(id) ON DELETE CASCADE,
                staff_id   TEXT,
                start_utc  INTEGER NOT NULL,
                end_utc    INTEGER NOT NULL CHECK (end_utc > start_utc),
                reason     TEXT,
                created_at INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX ix_time_off_range ON time_off (mailbox_id, end_utc);
            """),
        new(3, """
            -- Staff calendar sync: per staff member, the busy blocks of the last good read and how the attempts went (JSON).
            CREATE TABLE staff_sync (
                mailbox_id TEXT NOT NULL COLLATE NOCASE REFERENCES mailboxes(id) ON DELETE CASCADE,
                staff_id   TEXT NOT NULL,
                state      TEXT NOT NULL,
                PRIMARY KEY (mailbox_id, staff_id)
            ) STRICT, WITHOUT ROWID;
            """),
        new(4, """
            -- Notifications: the customer's language, reminders that expire, dropped messages, and a lease so that two
            -- dispatchers never send one message twice.
            ALTER TABLE attendees ADD COLUMN language TEXT;
            ALTER TABLE outbox ADD COLUMN expires_at INTEGER;
            ALTER TABLE outbox ADD COLUMN dropped_at INTEGER;
            ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
            DROP INDEX ix_outbox_due;
            CREATE INDEX ix_outbox_due ON outbox (due_at) WHERE sent_at IS NULL AND dropped_at IS NULL;

            -- Numbers that answered STOP: no SMS from any calendar until they opt in again.
            CREATE TABLE sms_opt_out (
                phone          TEXT    NOT NULL PRIMARY KEY,
                opted_out_at   INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;
            """),
        new(5, """
            -- Local accounts of the admin app (the embedded store's sign-in). Instants are UTC ticks.
            CREATE TABLE users (
                id                   TEXT    PRIMARY KEY,
                email                TEXT    NOT NULL UNIQUE COLLATE NOCASE,
                display_name         TEXT    NOT NULL,
                password_hash        TEXT    NOT NULL,
                is_tenant_admin      INTEGER NOT NULL,
                failed_attempts      INTEGER NOT NULL DEFAULT 0,
                locked_until         INTEGER,
                must_change_password INTEGER NOT NULL DEFAULT 0,
                created_at           INTEGER NOT NULL
            ) STRICT;
            """),
        new(6, """
            -- Admin changes, kept for good. mailbox_id is NULL for changes outside any calendar (local accounts); no foreign key,
            -- so the record of a deleted calendar's changes (and of its deletion) stays.
            CREATE TABLE audit_log (
                id         TEXT    PRIMARY KEY,
                at         INTEGER NOT NULL,
                mailbox_id TEXT    COLLATE NOCASE,
                actor      TEXT    NOT NULL,
                action     TEXT    NOT NULL,
                target     TEXT    NOT NULL,
                details    TEXT    NOT NULL
            ) STRICT;
            CREATE INDEX ix_audit_log_mailbox ON audit_log (mailbox_id, at);
            CREATE INDEX ix_audit_log_at ON audit_log (at);
            """),
        new(7, """
            -- Earlier versions kept each message's manage link in clear (/manage/{token}), before and after sending: whoever read
            -- the file could act on the booking. Messages sent or dropped lose it (the .ics folds it over lines: done in C#, Data);
            -- pending ones keep theirs until they leave, so that it still works.
            """, (db, ct) => OutboxRows.KeepNoClearLinksAsync(db, "sent_at IS NOT NULL OR dropped_at IS NOT NULL", ct)),
        new(8, """
            -- Earlier versions kept staff invitations' accept and decline links in clear (/staff/invitation/{slug}/{staff}/{token}),
            -- while the staff member keeps only the token's hash. Messages sent or dropped lose them as in 7 (which now removes both
            -- kinds); pending ones keep theirs until they leave.
            """, (db, ct) => OutboxRows.KeepNoClearLinksAsync(db, "sent_at IS NOT NULL OR dropped_at IS NOT NULL", ct)),
    ];

    public static int Latest => All[^1].Version;

    // Sets WAL and applies what is missing; safe to run from several processes at once.
    public static async Task ApplyAsync(string connectionString, CancellationToken ct)
    {
        await using var db = await Session.OpenAsync(connectionString, write: false, ct);
        // WAL is a property of the file: readers never block the writer, and it outlives this connection.
        if (!string.Equals(await db.ScalarAsync<string>("PRAGMA journal_mode;", ct), "wal", StringComparison.OrdinalIgnoreCase))
        {
            var mode = await db.ScalarAsync<string>("PRAGMA journal_mode = WAL;", ct);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"The database could not be switched to WAL (journal mode is '{mode}').");
        }
        if (await UserVersionAsync(db, ct) == Latest) return;

        // Another process may be migrating too: take the write lock, then look again.
        db.BeginImmediate();
        var current = await UserVersionAsync(db, ct);
        if (current > Latest)
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this version of Bookings knows ({Latest}). Upgrade Bookings.");
        foreach (var migration in All.Where(m => m.Version > current))
        {
            await db.ExecuteAsync(migration.Sql, ct);
            if (migration.Data is { } data) await data(db, ct);
            await db.ExecuteAsync($"PRAGMA user_version = {migration.Version};", ct);
        }
        await db.CommitAsync(ct);
    }

    private static async Task<long> UserVersionAsync(Session db, CancellationToken ct) =>
        await db.ScalarAsync<long>("PRAGMA user_version;", ct);
}
