using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bookings.Core.Booking;
using Bookings.Core.Calendars;
using Bookings.Core.Store;

namespace Bookings.Cli.TimeOff;

/// <summary>`bookings timeoff add|list|remove`: staff time off and whole-calendar closures, which availability honours.</summary>
internal static class TimeOffCommands
{
    public static Command Create() => new("timeoff", "Add, list and remove staff time off and whole-calendar closures.")
    {
        Add(),
        List(),
        Remove(),
    };

    private static Command Add()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var from = new Option<string>("--from") { Description = "Start, an instant with an offset (2026-12-24T00:00:00+01:00).", Required = true };
        var to = new Option<string>("--to") { Description = "End (exclusive), an instant with an offset.", Required = true };
        var staff = new Option<string?>("--staff") { Description = "The staff member's id; leave out to close the whole calendar." };
        var reason = new Option<string?>("--reason") { Description = "A note for the admins (never shown to customers)." };
        var command = new Command("add", "Block time for one staff member, or for everyone (a closure); prints what was stored.") { slug, from, to, staff, reason };
        command.SetAction(async (r, ct) =>
        {
            var start = Instant(r.GetValue(from), "--from");
            var end = Instant(r.GetValue(to), "--to");
            var note = r.GetValue(reason);
            switch (StaffAdministration.Check(start, end, note))
            {
                case TimeOffProblem.EndNotAfterStart: throw new CliException("--to must be after --from.");
                case TimeOffProblem.TooLong: throw new CliException($"Time off lasts at most {StaffAdministration.LongestTimeOff.TotalDays:0} days; add several.");
                case TimeOffProblem.ReasonTooLong: throw new CliException($"--reason is at most {StaffAdministration.MaxReasonLength} characters.");
            }

            await using var store = await CliStore.OpenAsync(r, ct);
            var mailbox = await store.FindCalendarAsync(r.GetValue(slug)!, ct);
            var staffId = r.GetValue(staff);
            if (staffId is not null && mailbox.Document.FindStaff(staffId) is null)
                throw new CliException($"Calendar '{mailbox.Slug}' has no staff member '{staffId}'.");
            // The staff member is told (a closure tells nobody); the dispatcher sends it.
            var stored = await StaffAdministration.AddTimeOffAsync(store.Store, store.Store, new Bookings.Core.Notifications.NotificationComposer(), mailbox, staffId,
                start, end, note, store.Time.GetUtcNow(), ct: ct);
            await store.AuditAsync(mailbox.Id, "timeoff.add", stored.Id, $"{staffId ?? "whole business"} {stored.Start:O} → {stored.End:O}", ct);
            Write(r, stored);
            return CliApp.Success;
        });
        return command;
    }

    private static Command List()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var command = new Command("list", "List a calendar's time off and closures.") { slug };
        command.SetAction(async (r, ct) =>
        {
            await using var store = await CliStore.OpenAsync(r, ct);
            var mailbox = await store.FindCalendarAsync(r.GetValue(slug)!, ct);
            Write(r, await store.Store.ListTimeOffAsync(mailbox.Id, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), ct));
            return CliApp.Success;
        });
        return command;
    }

    private static Command Remove()
    {
        var slug = new Argument<string>("SLUG") { Description = "The calendar's slug." };
        var id = new Argument<string>("ID") { Description = "The time off's id (from list)." };
        var command = new Command("remove", "Remove time off or a closure.") { slug, id };
        command.SetAction(async (r, ct) =>
        {
            await using var store = await CliStore.OpenAsync(r, ct);
            var mailbox = await store.FindCalendarAsync(r.GetValue(slug)!, ct);
            if (!await store.Store.DeleteTimeOffAsync(mailbox.Id, r.GetValue(id)!, ct))
                throw new CliException($"Calendar '{mailbox.Slug}' has no time off '{r.GetValue(id)}'.");
            await store.AuditAsync(mailbox.Id, "timeoff.remove", r.GetValue(id)!, null, ct);
            return CliApp.Success;
        });
        return command;
    }

    private static DateTimeOffset Instant(string? value, string option)
    {
        // An offset is required: a bare local time would silently mean the machine's zone.
        if (value is null || !(value.EndsWith('Z') || value.Length > 6 && value[^6] is '+' or '-')
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            throw new CliException($"{option} must be an instant with an offset, such as 2026-12-24T00:00:00+01:00.");
        return instant.ToUniversalTime();
    }

    private static void Write<T>(ParseResult r, T value) =>
        r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(value, CalendarJson.Options));
}
