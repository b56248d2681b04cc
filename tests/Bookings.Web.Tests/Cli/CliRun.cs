using Bookings.Cli;

namespace Bookings.Web.Tests.Cli;

/// <summary>Runs `bookings` in-process against a data directory and answers its exit code, stdout and stderr.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(string dataDirectory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--data-dir", dataDirectory], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
