using Bookings.Cli;

namespace Bookings.Web.Tests.Cli;

/// <summary>
/// Runs `bookings` in-process against a data directory and answers its exit code, stdout and stderr. The caller names the clock:
/// the app's FakeTimeProvider when the test has one (the CLI then sees the same "now" as the app that wrote the data), or
/// <see cref="TimeProvider.System"/> when the whole test runs on the real clock.
/// </summary>
internal static class CliRun
{
    public static Task<(int Code, string Out, string Err)> RunAsync(string dataDirectory, TimeProvider time, params string[] args) =>
        RunAsync(dataDirectory, time, new CliHost(), args);

    /// <summary>
    /// The same inside a <paramref name="host"/>: settings the CLI reads after the environment variables (Store:Provider, Graph:*) and
    /// services it registers after the store's (the Graph emulator's TokenCredential), so the test's process environment stays untouched.
    /// </summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string dataDirectory, TimeProvider time, CliHost host, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--data-dir", dataDirectory], stdout, stderr, host with { Time = time });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
