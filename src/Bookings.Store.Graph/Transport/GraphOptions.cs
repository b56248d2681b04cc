using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Bookings.Store.Graph.Transport;

/// <summary>
/// Settings under "Graph": how the Microsoft 365 store signs in to Microsoft Graph and how its HTTP
/// transport behaves. App Service writes them as <c>Graph__TenantId</c>, <c>Graph__ClientId</c>,
/// <c>Graph__ClientSecret</c> or <c>Graph__ClientCertificate</c> (Key Vault references, infra/main.bicep).
/// </summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";

    /// <summary>Graph allows at most 4 concurrent requests per mailbox.</summary>
    public const int GraphConcurrencyLimitPerMailbox = 4;

    /// <summary>Microsoft Entra tenant (GUID or domain) of the app registration. Not needed with a managed identity.</summary>
    public string? TenantId { get; set; }

    /// <summary>Application (client) ID. With a managed identity: the client ID of a user-assigned identity (optional).</summary>
    public string? ClientId { get; set; }

    /// <summary>Client secret of the app registration.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The certificate with its private key, as App Service puts a Key Vault certificate into an app setting:
    /// a base64 PFX (PKCS#12), or PEM text (certificate and private key).
    /// </summary>
    public string? ClientCertificate { get; set; }

    /// <summary>Path of a PFX or PEM file holding the certificate and its private key.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>Password of the PFX in <see cref="ClientCertificate"/> or <see cref="ClientCertificatePath"/>, if any.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>Sign in with the Azure managed identity of the host instead of a secret or certificate.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Graph endpoint including the version (national clouds; tests point it at a WireMock.Net server).</summary>
    public string BaseUrl { get; set; } = GraphStoreInfo.DefaultBaseUrl;

    /// <summary>How long one attempt of one request may take before it is abandoned (and retried).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt on 429, 503, 504, connection failures and timeouts.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Requests in flight per mailbox (Graph allows 4).</summary>
    public int MaxConcurrencyPerMailbox { get; set; } = GraphConcurrencyLimitPerMailbox;

    /// <summary>The store's directory mailbox (<see cref="GraphStoreOptions.DirectoryMailbox"/>); the transport does not use it.</summary>
    public string DirectoryMailbox { get; set; } = "";

    /// <summary>Mailboxes that are calendars by configuration (<see cref="GraphStoreOptions.AdoptedMailboxes"/>).</summary>
    public IList<string> AdoptedMailboxes { get; set; } = [];

    /// <summary>The property set of the store's extended properties (<see cref="GraphStoreOptions.PropertySetId"/>).</summary>
    public Guid PropertySetId { get; set; } = new GraphStoreOptions().PropertySetId;

    /// <summary>The store's hidden mail folder (<see cref="GraphStoreOptions.FolderName"/>).</summary>
    public string FolderName { get; set; } = new GraphStoreOptions().FolderName;

    /// <summary>What the store needs of these settings: the "Graph" section is bound once, here, and the store's options come from it.</summary>
    public GraphStoreOptions ToStoreOptions() => new()
    {
        DirectoryMailbox = DirectoryMailbox,
        AdoptedMailboxes = [.. AdoptedMailboxes],
        PropertySetId = PropertySetId,
        FolderName = FolderName,
    };

    /// <summary>Values in the configuration that could not be read (reported by the validator with their names).</summary>
    internal List<string> BindingErrors { get; } = [];

    /// <summary><see cref="BaseUrl"/> as a URI with a trailing slash, as the HttpClient's BaseAddress.</summary>
    public Uri BaseAddress => new(BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);

    /// <summary>
    /// Reads the "Graph" section by hand (no reflection binder): every property above by its name.
    /// Unreadable numbers, booleans and time spans are kept as binding errors for the validator.
    /// </summary>
    public static void Bind(IConfiguration section, GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        options.TenantId = section[nameof(TenantId)] ?? options.TenantId;
        options.ClientId = section[nameof(ClientId)] ?? options.ClientId;
        options.ClientSecret = section[nameof(ClientSecret)] ?? options.ClientSecret;
        options.ClientCertificate = section[nameof(ClientCertificate)] ?? options.ClientCertificate;
        options.ClientCertificatePath = section[nameof(ClientCertificatePath)] ?? options.ClientCertificatePath;
        options.ClientCertificatePassword = section[nameof(ClientCertificatePassword)] ?? options.ClientCertificatePassword;
        options.BaseUrl = section[nameof(BaseUrl)] ?? options.BaseUrl;
        options.DirectoryMailbox = section[nameof(DirectoryMailbox)] ?? options.DirectoryMailbox;
        options.FolderName = section[nameof(FolderName)] ?? options.FolderName;
        var adopted = section.GetSection(nameof(AdoptedMailboxes)).GetChildren().Where(c => c.Value is not null).Select(c => c.Value!).ToList();
        if (adopted.Count > 0) options.AdoptedMailboxes = adopted;
        if (section[nameof(PropertySetId)] is { Length: > 0 } propertySet)
        {
            if (Guid.TryParse(propertySet, out var id)) options.PropertySetId = id;
            else options.BindingErrors.Add("Graph:PropertySetId must be a GUID");
        }

        if (section[nameof(UseManagedIdentity)] is { Length: > 0 } mi)
        {
            if (bool.TryParse(mi, out var b)) options.UseManagedIdentity = b;
            else options.BindingErrors.Add("Graph:UseManagedIdentity must be true or false");
        }
        if (section[nameof(Timeout)] is { Length: > 0 } timeout)
        {
            if (TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var t)) options.Timeout = t;
            else options.BindingErrors.Add("Graph:Timeout must be a time span such as 00:00:30");
        }
        if (section[nameof(MaxRetries)] is { Length: > 0 } retries)
        {
            if (int.TryParse(retries, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r)) options.MaxRetries = r;
            else options.BindingErrors.Add("Graph:MaxRetries must be a whole number");
        }
        if (section[nameof(MaxConcurrencyPerMailbox)] is { Length: > 0 } concurrency)
        {
            if (int.TryParse(concurrency, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c)) options.MaxConcurrencyPerMailbox = c;
            else options.BindingErrors.Add("Graph:MaxConcurrencyPerMailbox must be a whole number");
        }
    }
}
