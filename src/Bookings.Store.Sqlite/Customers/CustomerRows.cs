using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>The customers of a mailbox, one per email address, written by a booking in its own transaction.</summary>
internal static class CustomerRows
{
    public static async Task<IReadOnlyList<Customer>> ListAsync(Session db, string mailboxId, CancellationToken ct) =>
        await db.QueryAsync("SELECT id, mailbox_id, name, email, phone FROM customers WHERE mailbox_id = $mailbox ORDER BY name COLLATE NOCASE, id",
            r => new Customer(r.GetString(0), r.GetString(1), r.GetString(2), Session.Text(r, 3), Session.Text(r, 4)), ct, ("$mailbox", mailboxId));

    // One customer per email address in a mailbox (compared without case): a returning customer
    // keeps their id and gets the latest name, and the phone when one was given. Returns the id the booking uses.
    public static async Task<string> SaveAsync(Session db, string mailboxId, Customer customer, DateTimeOffset now, CancellationToken ct)
    {
        if (customer.Email is not null
            && await db.ScalarAsync<string>("SELECT id FROM customers WHERE mailbox_id = $mailbox AND email = $email", ct,
                ("$mailbox", mailboxId), ("$email", customer.Email)) is { } existing)
        {
            await db.ExecuteAsync("UPDATE customers SET name = $name, phone = coalesce($phone, phone), updated_at = $now WHERE id = $id", ct,
                ("$name", customer.Name), ("$phone", customer.Phone), ("$now", now), ("$id", existing));
            return existing;
        }
        await db.ExecuteAsync("""
            INSERT INTO customers (id, mailbox_id, name, email, phone, created_at, updated_at)
            VALUES ($id, $mailbox, $name, $email, $phone, $now, $now)
            """, ct,
            ("$id", customer.Id), ("$mailbox", mailboxId), ("$name", customer.Name), ("$email", customer.Email), ("$phone", customer.Phone), ("$now", now));
        return customer.Id;
    }
}
