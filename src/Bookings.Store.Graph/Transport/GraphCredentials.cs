using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace Bookings.Store.Graph.Transport;

/// <summary>The Azure.Core credential the transport signs in with, chosen by <see cref="GraphOptions"/>.</summary>
public static class GraphCredentials
{
    /// <summary>
    /// A <see cref="ClientSecretCredential"/>, <see cref="ClientCertificateCredential"/> or
    /// <see cref="ManagedIdentityCredential"/> (user-assigned when Graph:ClientId is set), whose authority
    /// host matches the cloud of Graph:BaseUrl. The options must be valid (<see cref="GraphOptionsValidator"/>).
    /// </summary>
    public static TokenCredential Create(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = options.BaseAddress;
        var authority = AuthorityHost(baseUrl);
        if (options.UseManagedIdentity)
        {
            var id = string.IsNullOrWhiteSpace(options.ClientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(options.ClientId);
            return new ManagedIdentityCredential(new ManagedIdentityCredentialOptions(id) { AuthorityHost = authority });
        }
        if (!string.IsNullOrWhiteSpace(options.ClientSecret))
            return new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret,
                new ClientSecretCredentialOptions { AuthorityHost = authority });

        var certificateOptions = new ClientCertificateCredentialOptions { AuthorityHost = authority, SendCertificateChain = false };
        if (!string.IsNullOrWhiteSpace(options.ClientCertificate))
            return new ClientCertificateCredential(options.TenantId, options.ClientId,
                LoadCertificate(options.ClientCertificate, options.ClientCertificatePassword), certificateOptions);
        if (!string.IsNullOrWhiteSpace(options.ClientCertificatePath))
            return new ClientCertificateCredential(options.TenantId, options.ClientId,
                LoadCertificateFile(options.ClientCertificatePath, options.ClientCertificatePassword), certificateOptions);
        throw new InvalidOperationException("Set exactly one of Graph:ClientSecret, Graph:ClientCertificate(Path), Graph:UseManagedIdentity");
    }

    /// <summary>The token scope for Graph at <paramref name="baseUrl"/>: <c>{scheme}://{host}/.default</c>.</summary>
    public static string Scope(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return $"{baseUrl.Scheme}://{baseUrl.Host}/.default";
    }

    /// <summary>The Microsoft Entra authority of the cloud that hosts Graph at <paramref name="baseUrl"/>.</summary>
    public static Uri AuthorityHost(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var host = baseUrl.Host;
        // Graph for US Government L4 (graph.microsoft.us) and L5/DoD (dod-graph.microsoft.us).
        if (host.Equals("graph.microsoft.us", StringComparison.OrdinalIgnoreCase)
            || host.Equals("dod-graph.microsoft.us", StringComparison.OrdinalIgnoreCase))
            return AzureAuthorityHosts.AzureGovernment;
        // Graph operated by 21Vianet.
        if (host.Equals("microsoftgraph.chinacloudapi.cn", StringComparison.OrdinalIgnoreCase))
            return AzureAuthorityHosts.AzureChina;
        return AzureAuthorityHosts.AzurePublicCloud;
    }

    /// <summary>
    /// A certificate with its private key from an app setting: PEM text (BEGIN CERTIFICATE + a private key
    /// block), or a base64 PKCS#12 (PFX), which is how App Service exposes a Key Vault certificate.
    /// </summary>
    public static X509Certificate2 LoadCertificate(string value, string? password = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var text = value.Trim();
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var pem = string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPem(text, text)
                : X509Certificate2.CreateFromEncryptedPem(text, text, password);
            if (!pem.HasPrivateKey)
            {
                pem.Dispose();
                throw new ArgumentException("the PEM holds no private key");
            }
            return pem;
        }
        var pfx = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(text), password, KeyStorage);
        if (!pfx.HasPrivateKey)
        {
            pfx.Dispose();
            throw new ArgumentException("the PFX holds no private key");
        }
        return pfx;
    }

    // Ephemeral keys never touch the disk; macOS has no ephemeral key sets.
    private static X509KeyStorageFlags KeyStorage =>
        OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;

    private static X509Certificate2 LoadCertificateFile(string path, string? password)
    {
        var bytes = File.ReadAllBytes(path);
        var head = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        return head.Contains("-----BEGIN", StringComparison.Ordinal)
            ? LoadCertificate(File.ReadAllText(path), password)
            : X509CertificateLoader.LoadPkcs12(bytes, password, KeyStorage);
    }
}
