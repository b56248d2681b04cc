using System.Text.Json;
using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>Reading appointments with their attendees inside a session: the full rows, and the lean view availability reads.</summary>
internal static class AppointmentRows
{
    /// <summary>
    /// The longest blocked interval (buffers included) an appointment may have; every range query reads the index from
    /// <c>from - MaxBlockedSpan</c> (<see cref="SqliteBookingStore.MaxBlockedSpan"/>).
    /// </summary>
    public static readonly TimeSpan MaxBlockedSpan = TimeSpan.FromDays(7);

    public const string Booked = "booked";

    // One row per attendee, appointment columns first; rows of one appointment arrive together.
    private const string AppointmentSelect = """
        SELECT a.id, a.mailbox_id, a.service_id, a.staff_id, a.start_utc, a.end_utc, a.pre_buffer, a.post_buffer,
               a.seats, a.status, a.ics_uid, a.sequence, a.version, a.created_at,
               t.id, t.customer_id, t.name, t.email, t.phone, t.time_zone, t.notes, t.answers,
               t.consent_at, t.sms_opt_in, t.manage_token_hash, t.status, t.created_at, t.language
        FROM appointments a LEFT JOIN attendees t ON t.appointment_id = a.id
        """;

    private const string AppointmentOrder = " ORDER BY a.blocked_start, a.id, t.created_at, t.rowid";

    public static async Task<Appointment?> GetAsync(Session db, string mailboxId, string appointmentId, CancellationToken ct) =>
        (await QueryAsync(db, " WHERE a.mailbox_id = $mailbox AND a.id = $id", ct, ("$mailbox", mailboxId), ("$id", appointmentId)))
            .FirstOrDefault();

    /// <summary>The Booked appointments of the mailbox whose blocked interval meets [from, to), lean (no attendees' data).</summary>
    public static async Task<IReadOnlyList<BusyAppointment>> ListBusyAsync(Session db, string mailboxId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        return await db.QueryAsync("""
            SELECT a.id, a.staff_id, a.service_id, a.start_utc, a.end_utc, a.pre_buffer, a.post_buffer, a.seats,
                   CASE WHEN a.seats > 1
                        THEN (SELECT count(*) FROM attendees t WHERE t.appointment_id = a.id AND t.status = 'booked')
                        ELSE 1 END
            FROM appointments a
            WHERE a.mailbox_id = $mailbox AND a.status = 'booked'
              AND a.blocked_start < $to AND a.blocked_start >= $earliest AND a.blocked_end > $from
            ORDER BY a.blocked_start, a.id
            """, r => new BusyAppointment(r.GetString(0), r.GetString(1), r.GetString(2), Session.Instant(r.GetInt64(3)), Session.Instant(r.GetInt64(4)),
                TimeSpan.FromTicks(r.GetInt64(5)), TimeSpan.FromTicks(r.GetInt64(6)), r.GetInt32(7), r.GetInt32(8)),
            ct, ("$mailbox", mailboxId), ("$from", from), ("$to", to), ("$earliest", from - MaxBlockedSpan));
    }

    /// <summary>The appointments (with every attendee) that <paramref name="where"/> selects, in order of blocked start and id.</summary>
    public static async Task<List<Appointment>> QueryAsync(Session db, string where, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = db.Command(AppointmentSelect + where + AppointmentOrder, parameters);
        await using var r = await command.ExecuteReaderAsync(ct);
        var appointments = new List<Appointment>();
        List<Attendee> attendees = [];
        while (await r.ReadAsync(ct))
        {
            var id = r.GetString(0);
            if (appointments.Count == 0 || appointments[^1].Id != id)
            {
                attendees = [];
                appointments.Add(new Appointment(
                    Id: id,
                    MailboxId: r.GetString(1),
                    ServiceId: r.GetString(2),
                    StaffId: r.GetString(3),
                    Start: Session.Instant(r.GetInt64(4)),
                    End: Session.Instant(r.GetInt64(5)),
                    PreBuffer: TimeSpan.FromTicks(r.GetInt64(6)),
                    PostBuffer: TimeSpan.FromTicks(r.GetInt64(7)),
                    Seats: r.GetInt32(8),
                    Status: r.GetString(9) == Booked ? AppointmentStatus.Booked : AppointmentStatus.Cancelled,
                    Attendees: attendees,
                    IcsUid: r.GetString(10),
                    Sequence: r.GetInt32(11),
                    Version: r.GetString(12),
                    CreatedAt: Session.Instant(r.GetInt64(13))));
            }
            if (r.IsDBNull(14)) continue;
            attendees.Add(new Attendee(
                Id: r.GetString(14),
                CustomerId: r.GetString(15),
                Name: r.GetString(16),
                Email: Session.Text(r, 17),
                Phone: Session.Text(r, 18),
                TimeZone: Session.Text(r, 19),
                Notes: Session.Text(r, 20),
                Answers: JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(21)) ?? [],
                ConsentAt: Session.Instant(r, 22),
                SmsOptIn: r.GetInt64(23) != 0,
                ManageTokenHash: r.GetString(24),
                Status: r.GetString(25) == Booked ? AttendeeStatus.Booked : AttendeeStatus.Cancelled,
                CreatedAt: Session.Instant(r.GetInt64(26)),
                Language: Session.Text(r, 27)));
        }
        return appointments;
    }
}
