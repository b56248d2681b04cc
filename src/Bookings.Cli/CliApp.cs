using System.CommandLine;
using System.Text;
using Bookings.Cli.Calendars;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Microsoft.Extensions.Options;

namespace Bookings.Cli;

/// <summary>
/// The `bookings` command line. Results go to stdout as JSON; a failure is one line on stderr and
/// a non-zero exit code, so scripts can tell what went wrong without parsing a stack trace.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>How commands write JSON results: camelCase, indented.</summary>
    internal static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default) =>
        RunAsync(args, stdout, stderr, TimeProvider.System, ct);

    /// <summary>
    /// Runs one command on <paramref name="time"/>: every "now" the command reads (defaults, lease times, audit times, what counts as
    /// stale) comes from it, so a host that runs the CLI in-process (tests with a fake clock) gives it its own clock.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        return RunAsync(args, stdout, stderr, new CliHost { Time = time }, ct);
    }

    /// <summary>Runs one command in a host that gives it its clock, settings over the environment's, and services (<see cref="CliHost"/>).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CliHost host, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var root = new CliRootCommand("bookings: manage the calendars of a Bookings store.", host)
        {
            CliStore.DataDirectoryOption,
            CalendarCommands.Create(),
            TimeOff.TimeOffCommands.Create(),
            Sync.SyncCommands.Create(),
            Users.UserCommands.Create(),
            Staff.StaffCommands.Create(),
            Outbox.OutboxCommands.Create(),
            Reports.ReportCommands.Create(),
            Audit.AuditCommands.Create(),
            Graph.GraphCommands.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            WriteError(stderr, string.Join("; ", parsed.Errors.Select(e => e.Message)) + " (see bookings --help)");
            return Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(invocation, ct);
        }
        catch (Exception e) when (e is CliException or CalendarDocumentException or CalendarValidationException or StoreConflictException or StoreRefusedException or OptionsValidationException
                                    or IOException or UnauthorizedAccessException)
        {
            WriteError(stderr, e.Message);
            return Failure;
        }
    }

    /// <summary>Writes one line: file names, ids and parser messages can carry line breaks, and one line is the contract.</summary>
    internal static void WriteError(TextWriter stderr, string message) => stderr.WriteLine("bookings: " + OneLine(message));

    internal static string OneLine(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            b.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => " ",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return b.ToString();
    }
}

/// <summary>
/// What a process that runs the CLI in-process gives it (tests): the clock every "now" comes from, settings that override the
/// environment's, and services registered after the store's (a Graph credential, say).
/// </summary>
public sealed record CliHost
{
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services { get; init; }
}

/// <summary>The root command, carrying the host of the run so that <see cref="CliStore.OpenAsync"/> can apply it.</summary>
internal sealed class CliRootCommand(string description, CliHost host) : RootCommand(description)
{
    public CliHost Host { get; } = host;
    public TimeProvider Time => Host.Time;
}

/// <summary>A failure the user can fix; its message is what they are told.</summary>
public sealed class CliException(string message) : Exception(message);
