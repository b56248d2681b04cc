using System.Runtime.CompilerServices;

namespace Bookings.Web.Tests;

internal static class TestEnvironment
{
    /// <summary>
    /// Every app these tests start reads appsettings.json without watching it: each watcher is an inotify instance, Linux allows
    /// 128 per user by default, and a few hundred test apps (some alive at once) would run out and fail to start. The static
    /// files watched for asp-append-version (wwwroot) are polled instead, for the same reason (else a page answers 500).
    /// </summary>
    [ModuleInitializer]
    internal static void DoNotUseInotify()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
