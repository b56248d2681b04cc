using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Bookings.Web.Tests.Infra;

// Compiles infra/main.bicep with the bicep binary from the Azure.Bicep.CommandLine.linux-x64
// NuGet package (referenced by this project only to download it) and checks the ARM template it
// produces. Offline: the templates use local files only, no module registry.
public sealed class BicepTests
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";
    private const string PackageVersion = "0.49.2";
    private const string KeyVaultSecretsUserRoleId = "4633458b-17de-408a-b874-0445c86b69e6";

    [Fact]
    public async Task MainTemplateBuildsWithoutWarningsAndHardensTheWebAppAndTheVault()
    {
        var (code, stdout, stderr) = await RunBicepAsync("build", Path.Combine(RepoRoot(), "infra", "main.bicep"), "--stdout");

        Assert.True(code == 0, $"bicep build exited with {code}:\n{stderr}");
        Assert.True(string.IsNullOrWhiteSpace(stderr), $"bicep build printed diagnostics (warnings fail the build):\n{stderr}");

        using var template = JsonDocument.Parse(stdout);
        var resources = Resources(template.RootElement).ToList();
        var variables = StringVariables(template.RootElement);

        var site = Assert.Single(resources, r => Type(r) == "Microsoft.Web/sites");
        var siteProperties = site.GetProperty("properties");
        Assert.True(siteProperties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("SystemAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        var siteConfig = siteProperties.GetProperty("siteConfig");
        Assert.Equal("1.2", siteConfig.GetProperty("minTlsVersion").GetString());
        Assert.Equal("Disabled", siteConfig.GetProperty("ftpsState").GetString());
        Assert.True(siteConfig.GetProperty("alwaysOn").GetBoolean());
        Assert.Equal("/health", siteConfig.GetProperty("healthCheckPath").GetString());

        var vault = Assert.Single(resources, r => Type(r) == "Microsoft.KeyVault/vaults");
        var vaultProperties = vault.GetProperty("properties");
        Assert.True(vaultProperties.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vaultProperties.GetProperty("enableSoftDelete").GetBoolean());
        Assert.True(vaultProperties.GetProperty("enablePurgeProtection").GetBoolean());

        // "Key Vault Secrets User" for the web app's own managed identity, scoped to the vault.
        var secretsUser = Assert.Single(resources, r =>
            Type(r) == "Microsoft.Authorization/roleAssignments"
            && Inline(r.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!, variables)
                .Contains(KeyVaultSecretsUserRoleId, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Microsoft.Web/sites", secretsUser.GetProperty("properties").GetProperty("principalId").GetString(), StringComparison.Ordinal);
        Assert.Contains("Microsoft.KeyVault/vaults", secretsUser.GetProperty("scope").GetString(), StringComparison.Ordinal);

        // The Microsoft 365 store's settings, the credential only as a Key Vault reference.
        var settings = Assert.Single(resources, r => Type(r) == "Microsoft.Web/sites/config").GetProperty("properties");
        Assert.Equal("Graph", settings.GetProperty("Store__Provider").GetString());
        Assert.True(settings.TryGetProperty("Graph__TenantId", out _));
        Assert.True(settings.TryGetProperty("Graph__ClientId", out _));
        // Required by the store (validated at start): a deployment without it would not start.
        Assert.True(settings.TryGetProperty("Graph__DirectoryMailbox", out _));
        Assert.True(template.RootElement.GetProperty("parameters").GetProperty("directoryMailbox").TryGetProperty("defaultValue", out _) is false,
            "directoryMailbox must be a required parameter.");
        Assert.True(settings.TryGetProperty("PublicBaseUrl", out _));
        // People sign in to the admin app with Microsoft Entra ID, over HTTPS-only cookies.
        Assert.True(settings.TryGetProperty("AzureAd__TenantId", out _));
        Assert.True(settings.TryGetProperty("AzureAd__ClientId", out _));
        Assert.Equal("true", settings.GetProperty("Admin__RequireHttpsCookies").GetString());
        Assert.Contains(settings.EnumerateObject(), s => s.Value.GetString()!.Contains("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplatesUseLocalModulesOnly()
    {
        // A registry module (br:, br/, ts:) would make `bicep build` reach the network.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot(), "infra"), "*.bicep", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (var marker in new[] { "'br:", "'br/", "'ts:", "'ts/" })
                Assert.False(text.Contains(marker, StringComparison.Ordinal), $"{file} refers to a registry module ({marker}); use a local file.");
        }
    }

    private static string Type(JsonElement resource) => resource.GetProperty("type").GetString()!;

    // Language version 1 templates hold an array of resources; symbolic-name templates an object.
    private static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : resources.EnumerateObject().Select(p => p.Value);
    }

    private static Dictionary<string, string> StringVariables(JsonElement template) =>
        template.TryGetProperty("variables", out var variables)
            ? variables.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.String).ToDictionary(v => v.Name, v => v.Value.GetString()!)
            : [];

    // Replaces variables('name') in an ARM expression with the variable's literal string value.
    private static string Inline(string expression, Dictionary<string, string> variables) =>
        variables.Aggregate(expression, (e, v) => e.Replace($"variables('{v.Key}')", $"'{v.Value}'", StringComparison.Ordinal));

    // Walks up to Bookings.sln from the test binaries, the working directory and the project
    // directory recorded at build time (the binaries may live in an --artifacts-path elsewhere).
    private static string RepoRoot()
    {
        var starts = new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, Metadata("TestProjectDirectory") };
        foreach (var start in starts.Where(s => !string.IsNullOrEmpty(s)))
        {
            for (var dir = new DirectoryInfo(start!); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bookings.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Bookings.sln not found above {string.Join(", ", starts)}.");
    }

    private static string? Metadata(string key) =>
        typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static string BicepPath()
    {
        var howToRestore =
            $"The bicep binary comes from the NuGet package {PackageId} {PackageVersion}, referenced by "
            + "tests/Bookings.Web.Tests/Bookings.Web.Tests.csproj. Run `dotnet restore tests/Bookings.Web.Tests` "
            + "(it needs the NuGet feed once), then run the tests again.";

        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            throw new PlatformNotSupportedException($"The Bicep test runs on Linux x64 only (this is {RuntimeInformation.RuntimeIdentifier}). {howToRestore}");

        var candidates = new List<string>();
        var fromBuild = Metadata("BicepPackageDirectory");
        if (!string.IsNullOrEmpty(fromBuild))
            candidates.Add(Path.Combine(fromBuild, "tools", "bicep"));
        var packagesRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packagesRoot))
            packagesRoot = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(packagesRoot, PackageId, PackageVersion, "tools", "bicep"));

        var path = candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"bicep not found (looked at {string.Join(", ", candidates)}). {howToRestore}");

        // NuGet extracts the file without guaranteeing the execute bits for every user.
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
            File.SetUnixFileMode(path, mode | execute);
        return path;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunBicepAsync(params string[] args)
    {
        var start = new ProcessStartInfo(BicepPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bicep build took more than 2 minutes.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
