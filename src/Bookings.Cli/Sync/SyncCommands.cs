using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bookings.Core.Sync;
using Bookings.Worker.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Cli.Sync;

/// <summary>`bookings sync status|run`: the staff calendar sync's diagnosis per staff member, and one pass on demand.</summary>
internal static class SyncCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create() => new("sync", "Staff calendar sync: see why a staff member's calendar does not sync, or sync now.")
    {
        Status(),
        Run(),
    };

    private static Command Status()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("status", "For every staff member whose own calendar is synced: synced, or cannot sync with the cause and the fix.") { json };
        command.SetAction(async (r, ct) =>
        {
            await using var store = await OpenAsync(r, ct);
            var diagnoses = await store.Services.GetRequiredService<SyncStatusReader>().ReadAsync(ct);
            var output = r.InvocationConfiguration.Output;
            if (r.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(diagnoses, Json));
            else WriteText(output, diagnoses);
            return CliApp.Success;
        });
        return command;
    }

    private static Command Run()
    {
        var command = new Command("run", "Run one sync pass now (as the background worker does every Sync:Interval) and print the diagnoses as JSON.");
        command.SetAction(async (r, ct) =>
        {
            await using var store = await OpenAsync(r, ct);
            var pass = await store.Services.GetRequiredService<StaffSyncRunner>().RunOnceAsync(ct);
            var diagnoses = await store.Services.GetRequiredService<SyncStatusReader>().ReadAsync(ct);
            r.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new { pass, diagnoses }, Json));
            return CliApp.Success;
        });
        return command;
    }

    private static Task<CliStore> OpenAsync(ParseResult r, CancellationToken ct) =>
        CliStore.OpenAsync(r, ct, configure: (services, configuration) => services.AddStaffSync(configuration, runInBackground: false));

    /// <summary>One block per staff member; the message and the availability note as written for admins.</summary>
    internal static void WriteText(TextWriter output, IReadOnlyList<SyncDiagnosis> diagnoses)
    {
        if (diagnoses.Count == 0)
        {
            output.WriteLine("No staff calendar is synced: add an ICS feed URL to a staff member (or use the Microsoft 365 store).");
            return;
        }
        foreach (var d in diagnoses)
        {
            var last = d.LastSuccessAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";
            output.WriteLine(CliApp.OneLine($"{d.CalendarSlug} / {d.StaffId} ({d.StaffName}) via {(d.Source == SyncSource.Graph ? "Microsoft 365" : "ICS feed")}: {d.Status}, last success {last}"));
            output.WriteLine("  " + CliApp.OneLine(d.Message));
            output.WriteLine("  " + CliApp.OneLine(d.Availability));
        }
        var failing = diagnoses.Count(d => d.IsFailing);
        output.WriteLine($"{diagnoses.Count} staff calendars: {diagnoses.Count(d => d.Status == SyncDiagnosis.Synced)} synced, {failing} cannot sync, {diagnoses.Count(d => d.Status == SyncDiagnosis.Pending)} pending.");
    }
}
