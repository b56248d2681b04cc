using System.CommandLine;
using System.Text;
using Bookings.Cli.Calendars;
using Bookings.Core.Calendars;
using Bookings.Core.Store;
using Microsoft.Extensions.DependencyInjection;
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
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken ct = default) =>
        RunAsync(args, stdout, stderr, time, new CliHost(), ct);

    /// <summary>
    /// Runs one command on <paramref name="time"/> inside a host that adds to what the CLI reads itself (<paramref name="host"/>: settings
    /// read after the environment variables, services registered after the store's), so a process that runs the CLI in-process (tests:
    /// the Microsoft 365 store on the Graph emulator) configures it without touching its own environment.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time, CliHost host, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(host);
        var root = new CliRootCommand("bookings: manage the calendars of a Bookings store.", time, host)
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
        catch (Exception e) when (e is CliException or CalendarDocumentException or CalendarValidationException or StoreConflictException or OptionsValidationException
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

/// <summary>The root command, carrying the clock and the host of the run so that <see cref="CliStore.OpenAsync"/> can use them.</summary>
internal sealed class CliRootCommand(string description, TimeProvider time, CliHost host) : RootCommand(description)
{
    public TimeProvider Time { get; } = time;

    public CliHost Host { get; } = host;
}

/// <summary>
/// What a process running the CLI in-process adds to the configuration and services the CLI builds for a command. The CLI reads its
/// settings from the environment (<c>Store__Provider</c>, <c>Graph__TenantId</c>…) and <c>--data-dir</c>; <see cref="Settings"/> are
/// configuration keys (<c>Store:Provider</c>, <c>Graph:BaseUrl</c>…) read after the environment and before <c>--data-dir</c>, and
/// <see cref="Services"/> registers services after the store's (which wins over the store's own choice, e.g. a TokenCredential). The
/// `bookings` executable uses neither; tests do (tests/Bookings.Web.Tests/Cli/CliRun.cs).
/// </summary>
public sealed class CliHost
{
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>A failure the user can fix; its message is what they are told.</summary>
public sealed class CliException(string message) : Exception(message);
