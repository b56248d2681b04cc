using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Microsoft.Data.Sqlite;

namespace Bookings.Store.Sqlite;

/// <summary>The scheduling mailboxes: one row each, the calendar document as JSON with a version that moves on every write.</summary>
internal sealed class SqliteMailboxStore(SqliteDatabase database, TimeProvider time) : IMailboxStore
{
    private const string MailboxColumns = "id, slug, display_name, recipient_type, version, document, created_at, updated_at";

    public async Task<IReadOnlyList<Mailbox>> ListMailboxesAsync(CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await db.QueryAsync($"SELECT {MailboxColumns} FROM mailboxes ORDER BY slug", ReadMailbox, ct);
    }

    public async Task<Mailbox?> GetMailboxAsync(string id, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await FindMailboxAsync(db, "id", id, ct);
    }

    public async Task<Mailbox?> GetMailboxBySlugAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        return await FindMailboxAsync(db, "slug", slug, ct);
    }

    public async Task<MailboxStamp?> GetMailboxStampAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync(write: false, ct);
        var rows = await db.QueryAsync("SELECT id, version FROM mailboxes WHERE slug = $slug", r => new MailboxStamp(r.GetString(0), r.GetString(1)), ct, ("$slug", slug));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<Mailbox> CreateMailboxAsync(CalendarDocument document, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        CalendarValidator.ThrowIfInvalid(document);
        // The caller's object stays theirs; the stored copy gets the address.
        var doc = CalendarJson.Clone(document);
        doc.Id ??= MailboxAddress.ForSlug(doc.Slug);

        await using var db = await database.OpenAsync(write: true, ct);
        if (await FindMailboxAsync(db, "id", doc.Id, ct) is not null)
            throw new StoreConflictException($"The mailbox address '{doc.Id}' is taken.");
        await ThrowIfSlugTakenAsync(db, doc.Slug, exceptId: null, ct);

        var now = time.GetUtcNow();
        var (mailbox, json) = ToMailbox(doc.Id, doc, createdAt: now, updatedAt: now);
        await db.ExecuteAsync($"INSERT INTO mailboxes ({MailboxColumns}) VALUES ($id, $slug, $name, $type, $version, $doc, $created, $updated)", ct,
            MailboxParameters(mailbox, json));
        await db.CommitAsync(ct);
        return mailbox;
    }

    public async Task<Mailbox> UpdateMailboxAsync(string id, CalendarDocument document, string expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        CalendarValidator.ThrowIfInvalid(document);
        var doc = CalendarJson.Clone(document);

        await using var db = await database.OpenAsync(write: true, ct);
        var current = MailboxUpdates.Check(await FindMailboxAsync(db, "id", id, ct), id, doc, expectedVersion);
        await ThrowIfSlugTakenAsync(db, doc.Slug, exceptId: current.Id, ct);

        var (mailbox, json) = ToMailbox(current.Id, doc, current.CreatedAt, updatedAt: time.GetUtcNow());
        await db.ExecuteAsync(
            "UPDATE mailboxes SET slug = $slug, display_name = $name, recipient_type = $type, version = $version, document = $doc, updated_at = $updated WHERE id = $id",
            ct, MailboxParameters(mailbox, json));
        await db.CommitAsync(ct);
        return mailbox;
    }

    public async Task<bool> DeleteMailboxAsync(string id, CancellationToken ct = default)
    {
        // Appointments, attendees, customers, outbox and idempotency records go with it (ON DELETE CASCADE).
        await using var db = await database.OpenAsync(write: true, ct);
        var deleted = await db.ExecuteAsync("DELETE FROM mailboxes WHERE id = $id", ct, ("$id", id));
        await db.CommitAsync(ct);
        return deleted > 0;
    }

    private static async Task<Mailbox?> FindMailboxAsync(Session db, string column, string value, CancellationToken ct) =>
        (await db.QueryAsync($"SELECT {MailboxColumns} FROM mailboxes WHERE {column} = $value", ReadMailbox, ct, ("$value", value)))
            .FirstOrDefault();

    private static async Task ThrowIfSlugTakenAsync(Session db, string slug, string? exceptId, CancellationToken ct)
    {
        var holder = await db.ScalarAsync<string>("SELECT id FROM mailboxes WHERE slug = $slug AND ($except IS NULL OR id <> $except)", ct,
            ("$slug", slug), ("$except", exceptId));
        if (holder is not null) throw new StoreConflictException($"The slug '{slug}' is taken by the mailbox '{holder}'.");
    }

    // A new version on every write; the returned document is parsed from the stored JSON, so callers may change it freely.
    private static (Mailbox Mailbox, string Json) ToMailbox(string id, CalendarDocument doc, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        var json = CalendarJson.Serialize(doc, indented: false);
        return (new(id, doc.Slug, doc.DisplayName, Mailbox.SchedulingMailbox, SqliteDatabase.NewVersion(), CalendarJson.Parse(json), createdAt, updatedAt), json);
    }

    private static (string, object?)[] MailboxParameters(Mailbox m, string json) =>
    [
        ("$id", m.Id), ("$slug", m.Slug), ("$name", m.DisplayName), ("$type", m.RecipientType), ("$version", m.Version),
        ("$doc", json), ("$created", m.CreatedAt), ("$updated", m.UpdatedAt),
    ];

    private static Mailbox ReadMailbox(SqliteDataReader r) => new(
        Id: r.GetString(0),
        Slug: r.GetString(1),
        DisplayName: r.GetString(2),
        RecipientType: r.GetString(3),
        Version: r.GetString(4),
        Document: CalendarJson.Parse(r.GetString(5)),
        CreatedAt: Session.Instant(r.GetInt64(6)),
        UpdatedAt: Session.Instant(r.GetInt64(7)));
}
