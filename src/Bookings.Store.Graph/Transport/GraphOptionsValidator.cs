using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bookings.Store.Graph.Transport;

/// <summary>Validates <see cref="GraphOptions"/> at start; every failure names its setting.</summary>
public sealed partial class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    public const int MaxRetriesLimit = 10;
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="options"/>, each naming its setting; empty when valid.</summary>
    public static List<string> Check(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindingErrors);

        if (!options.UseManagedIdentity)
        {
            if (string.IsNullOrWhiteSpace(options.TenantId))
                failures.Add("Graph:TenantId is required (the Microsoft Entra tenant ID of the app registration)");
            if (string.IsNullOrWhiteSpace(options.ClientId))
                failures.Add("Graph:ClientId is required (the application (client) ID of the app registration)");
        }
        if (!string.IsNullOrWhiteSpace(options.TenantId) && !TenantPattern().IsMatch(options.TenantId))
            failures.Add("Graph:TenantId must be a tenant ID (GUID) or a domain name such as contoso.onmicrosoft.com");

        var hasSecret = !string.IsNullOrWhiteSpace(options.ClientSecret);
        var hasCertificate = !string.IsNullOrWhiteSpace(options.ClientCertificate);
        var hasCertificatePath = !string.IsNullOrWhiteSpace(options.ClientCertificatePath);
        var credentials = (hasSecret ? 1 : 0) + (hasCertificate ? 1 : 0) + (hasCertificatePath ? 1 : 0) + (options.UseManagedIdentity ? 1 : 0);
        if (credentials != 1)
            failures.Add($"Set exactly one of Graph:ClientSecret, Graph:ClientCertificate(Path), Graph:UseManagedIdentity ({(credentials == 0 ? "none is set" : $"{credentials} are set")})");

        // App Service leaves the reference text in place when it cannot resolve it.
        foreach (var (setting, value) in new[] { ("Graph:ClientSecret", options.ClientSecret), ("Graph:ClientCertificate", options.ClientCertificate) })
            if (value?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
                failures.Add($"{setting} is a Key Vault reference that App Service has not resolved: check that the secret exists and that the web app's identity may read it (Key Vault Secrets User), then restart");

        if (hasCertificate && failures.Count(f => f.StartsWith("Graph:ClientCertificate is a Key Vault", StringComparison.Ordinal)) == 0)
        {
            try { GraphCredentials.LoadCertificate(options.ClientCertificate!, options.ClientCertificatePassword).Dispose(); }
            catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
            {
                failures.Add("Graph:ClientCertificate must be a base64 PFX or PEM text holding the certificate and its private key (it could not be read)");
            }
        }
        if (hasCertificatePath && !File.Exists(options.ClientCertificatePath))
            failures.Add($"Graph:ClientCertificatePath names no file: {options.ClientCertificatePath}");

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || !(baseUrl.Scheme == Uri.UriSchemeHttps || (baseUrl.Scheme == Uri.UriSchemeHttp && IsLoopback(baseUrl)))
            || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
            failures.Add($"Graph:BaseUrl must be an absolute https URL such as {GraphStoreInfo.DefaultBaseUrl} (http only for loopback hosts)");

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > MaxTimeout)
            failures.Add($"Graph:Timeout must be more than 00:00:00 and at most {MaxTimeout:c}");
        if (options.MaxRetries is < 0 or > MaxRetriesLimit)
            failures.Add($"Graph:MaxRetries must be between 0 and {MaxRetriesLimit}");
        if (options.MaxConcurrencyPerMailbox is < 1 or > GraphOptions.GraphConcurrencyLimitPerMailbox)
            failures.Add($"Graph:MaxConcurrencyPerMailbox must be between 1 and {GraphOptions.GraphConcurrencyLimitPerMailbox} (Graph allows {GraphOptions.GraphConcurrencyLimitPerMailbox} concurrent requests per mailbox)");
        return failures;
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9.-]*\z")]
    private static partial Regex TenantPattern();
}
