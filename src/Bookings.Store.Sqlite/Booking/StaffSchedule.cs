using Bookings.Core.Store;

namespace Bookings.Store.Sqlite;

/// <summary>
/// The booking invariant on SQLite, written once and used by both book and reschedule inside their <c>BEGIN IMMEDIATE</c>
/// transaction: no buffer-inclusive overlap with another active appointment of the staff member, and every cap below its maximum.
/// Each query reads the (mailbox, staff, blocked_start) index as a range bounded below by <see cref="AppointmentRows.MaxBlockedSpan"/>.
/// </summary>
internal static class StaffSchedule
{
    // The staff member's active appointments (but the one being moved), bounded below so the index is read as a range.
    private const string StaffAppointments = """
        FROM appointments
        WHERE mailbox_id = $mailbox AND staff_id = $staff AND status = 'booked' AND blocked_start >= $earliest
          AND ($self IS NULL OR id <> $self)
        """;

    private static TimeSpan MaxBlockedSpan => AppointmentRows.MaxBlockedSpan;

    /// <summary>
    /// Why the staff member cannot take [blockedStart, blockedEnd) (<see cref="ConflictCodes.SlotTaken"/>, or the code of the first cap
    /// reached), or null when they can. <paramref name="movingAppointmentId"/>: the appointment being moved, which does not count against its new slot.
    /// </summary>
    public static async Task<string?> ConflictAsync(Session db, string mailboxId, string staffId, DateTimeOffset blockedStart, DateTimeOffset blockedEnd,
        IReadOnlyList<CapWindow> caps, string? movingAppointmentId, CancellationToken ct)
    {
        (string, object?)[] staff = [("$mailbox", mailboxId), ("$staff", staffId), ("$self", movingAppointmentId)];
        if (await db.ScalarAsync<long>($"SELECT EXISTS (SELECT 1 {StaffAppointments} AND blocked_start < $blockedEnd AND blocked_end > $blockedStart)", ct,
                [.. staff, ("$earliest", blockedStart - MaxBlockedSpan), ("$blockedStart", blockedStart), ("$blockedEnd", blockedEnd)]) != 0)
            return ConflictCodes.SlotTaken;
        foreach (var cap in caps)
        {
            // start_utc >= From implies blocked_start >= From - MaxBlockedSpan, and start_utc < To implies blocked_start < To.
            var count = await db.ScalarAsync<long>($"SELECT count(*) {StaffAppointments} AND blocked_start < $to AND start_utc >= $from AND start_utc < $to", ct,
                [.. staff, ("$earliest", cap.From - MaxBlockedSpan), ("$from", cap.From), ("$to", cap.To)]);
            if (count >= cap.Max) return cap.Code;
        }
        return null;
    }

    /// <summary>The staff member's group appointment of the command's service, start and end that a seat can join, with its seats and those taken.</summary>
    public static async Task<(string Id, long Seats, long Taken)?> FindGroupAsync(Session db, string mailboxId, BookingCommand command, CancellationToken ct)
    {
        var found = await db.QueryAsync($"""
            SELECT id, seats, (SELECT count(*) FROM attendees t WHERE t.appointment_id = appointments.id AND t.status = 'booked')
            {StaffAppointments} AND blocked_start <= $start AND service_id = $service AND start_utc = $start AND end_utc = $end
            LIMIT 1
            """, r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2)), ct,
            ("$mailbox", mailboxId), ("$staff", command.StaffId), ("$self", null), ("$earliest", command.Start - MaxBlockedSpan),
            ("$service", command.ServiceId), ("$start", command.Start), ("$end", command.End));
        return found.Count == 0 ? null : found[0];
    }
}
