using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Identity;
using Bookings.Store.Graph.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bookings.Store.Tests.GraphTransport;

public sealed class OptionsTests
{
    private static GraphOptions Valid() => new()
    {
        TenantId = "contoso.onmicrosoft.com",
        ClientId = "00000000-0000-0000-0000-000000000001",
        ClientSecret = "secret",
    };

    private static string Failures(GraphOptions options)
    {
        var result = new GraphOptionsValidator().Validate(GraphOptions.Section, options);
        return result.Failed ? result.FailureMessage : "";
    }

    [Fact]
    public void DefaultsWithASecretAreValid()
    {
        var options = Valid();
        Assert.True(new GraphOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("https://graph.microsoft.com/v1.0", options.BaseUrl);
        Assert.Equal(new Uri("https://graph.microsoft.com/v1.0/"), options.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(4, options.MaxRetries);
        Assert.Equal(4, options.MaxConcurrencyPerMailbox);
        Assert.False(options.UseManagedIdentity);
    }

    [Fact]
    public void TenantIdIsRequired() =>
        Assert.Contains("Graph:TenantId is required", Failures(With(o => o.TenantId = " ")));

    [Fact]
    public void TenantIdMustLookLikeATenant() =>
        Assert.Contains("Graph:TenantId must be a tenant ID (GUID) or a domain name", Failures(With(o => o.TenantId = "contoso/../x")));

    [Fact]
    public void ATenantIdEndingInALineFeedIsRefused() =>
        Assert.Contains("Graph:TenantId must be a tenant ID (GUID) or a domain name", Failures(With(o => o.TenantId = "contoso.onmicrosoft.com\n")));

    [Fact]
    public void ClientIdIsRequired() =>
        Assert.Contains("Graph:ClientId is required", Failures(With(o => o.ClientId = null)));

    [Fact]
    public void NoCredentialIsRefused() =>
        Assert.Contains("exactly one of Graph:ClientSecret, Graph:ClientCertificate(Path), Graph:UseManagedIdentity (none is set)",
            Failures(With(o => o.ClientSecret = null)));

    [Fact]
    public void TwoCredentialsAreRefused() =>
        Assert.Contains("exactly one of Graph:ClientSecret, Graph:ClientCertificate(Path), Graph:UseManagedIdentity (2 are set)",
            Failures(With(o => o.UseManagedIdentity = true)));

    [Fact]
    public void AManagedIdentityNeedsNoTenantNorClient()
    {
        var options = new GraphOptions { UseManagedIdentity = true };
        Assert.Equal("", Failures(options));
        Assert.IsType<ManagedIdentityCredential>(GraphCredentials.Create(options));
        Assert.IsType<ManagedIdentityCredential>(GraphCredentials.Create(new GraphOptions { UseManagedIdentity = true, ClientId = "00000000-0000-0000-0000-000000000002" }));
    }

    [Fact]
    public void AnUnreadableCertificateIsRefused() =>
        Assert.Contains("Graph:ClientCertificate must be a base64 PFX or PEM text",
            Failures(With(o => { o.ClientSecret = null; o.ClientCertificate = "not a certificate"; })));

    [Fact]
    public void AnUnresolvedKeyVaultReferenceIsNamed()
    {
        const string reference = "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/graph-client-secret/)";
        Assert.Contains("Graph:ClientSecret is a Key Vault reference that App Service has not resolved", Failures(With(o => o.ClientSecret = reference)));
        var certificate = Failures(With(o => { o.ClientSecret = null; o.ClientCertificate = reference; }));
        Assert.Contains("Graph:ClientCertificate is a Key Vault reference that App Service has not resolved", certificate);
        Assert.DoesNotContain("must be a base64 PFX", certificate);
    }

    [Fact]
    public void AMissingCertificateFileIsRefused() =>
        Assert.Contains("Graph:ClientCertificatePath names no file: /nonexistent/graph.pfx",
            Failures(With(o => { o.ClientSecret = null; o.ClientCertificatePath = "/nonexistent/graph.pfx"; })));

    [Theory]
    [InlineData("graph.microsoft.com/v1.0")]
    [InlineData("http://graph.microsoft.com/v1.0")]
    [InlineData("ftp://graph.microsoft.com/v1.0")]
    [InlineData("https://graph.microsoft.com/v1.0?x=1")]
    [InlineData("")]
    public void BaseUrlMustBeAbsoluteHttps(string baseUrl) =>
        Assert.Contains("Graph:BaseUrl must be an absolute https URL", Failures(With(o => o.BaseUrl = baseUrl)));

    [Theory]
    [InlineData("http://127.0.0.1:5000/v1.0")]
    [InlineData("http://localhost:5000/v1.0")]
    [InlineData("http://[::1]:5000/v1.0")]
    [InlineData("https://graph.microsoft.us/v1.0")]
    public void BaseUrlMayBeHttpOnLoopback(string baseUrl) =>
        Assert.Equal("", Failures(With(o => o.BaseUrl = baseUrl)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    [InlineData(11 * 60 * 1000)]
    public void TimeoutMustBePositiveAndBounded(int milliseconds) =>
        Assert.Contains("Graph:Timeout must be more than 00:00:00 and at most 00:10:00", Failures(With(o => o.Timeout = TimeSpan.FromMilliseconds(milliseconds))));

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void MaxRetriesIsBounded(int retries) =>
        Assert.Contains("Graph:MaxRetries must be between 0 and 10", Failures(With(o => o.MaxRetries = retries)));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void MaxConcurrencyPerMailboxIsAtMostFour(int limit) =>
        Assert.Contains("Graph:MaxConcurrencyPerMailbox must be between 1 and 4", Failures(With(o => o.MaxConcurrencyPerMailbox = limit)));

    [Fact]
    public void BindsTheGraphSectionAndNamesUnreadableValues()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:TenantId"] = "t.onmicrosoft.com",
            ["Graph:ClientId"] = "c",
            ["Graph:ClientSecret"] = "s",
            ["Graph:BaseUrl"] = "https://graph.microsoft.us/v1.0",
            ["Graph:Timeout"] = "00:00:10",
            ["Graph:MaxRetries"] = "2",
            ["Graph:MaxConcurrencyPerMailbox"] = "3",
            ["Graph:UseManagedIdentity"] = "false",
        }).Build();
        var options = new GraphOptions();
        GraphOptions.Bind(configuration.GetSection(GraphOptions.Section), options);
        Assert.Equal(("t.onmicrosoft.com", "c", "s", "https://graph.microsoft.us/v1.0"), (options.TenantId, options.ClientId, options.ClientSecret, options.BaseUrl));
        Assert.Equal((TimeSpan.FromSeconds(10), 2, 3, false), (options.Timeout, options.MaxRetries, options.MaxConcurrencyPerMailbox, options.UseManagedIdentity));
        Assert.Equal("", Failures(options));

        var wrong = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:Timeout"] = "soon",
            ["Graph:MaxRetries"] = "many",
            ["Graph:MaxConcurrencyPerMailbox"] = "four",
            ["Graph:UseManagedIdentity"] = "yes please",
        }).Build();
        var bad = Valid();
        GraphOptions.Bind(wrong.GetSection(GraphOptions.Section), bad);
        var failures = Failures(bad);
        Assert.Contains("Graph:Timeout must be a time span such as 00:00:30", failures);
        Assert.Contains("Graph:MaxRetries must be a whole number", failures);
        Assert.Contains("Graph:MaxConcurrencyPerMailbox must be a whole number", failures);
        Assert.Contains("Graph:UseManagedIdentity must be true or false", failures);
    }

    [Fact]
    public void AddGraphTransportFailsTheStartWithTheSettingNameAndBuildsTheClientWhenValid()
    {
        var empty = new ServiceCollection().AddGraphTransport(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => empty.GetRequiredService<IOptions<GraphOptions>>().Value);
        Assert.Contains("Graph:TenantId is required", error.Message);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:TenantId"] = "contoso.onmicrosoft.com",
            ["Graph:ClientId"] = "c",
            ["Graph:ClientSecret"] = "s",
            ["Graph:BaseUrl"] = "http://127.0.0.1:9/v1.0",
        }).Build();
        using var services = new ServiceCollection().AddGraphTransport(configuration).BuildServiceProvider();
        var http = services.GetRequiredKeyedService<HttpClient>(GraphHttp.ServiceKey);
        Assert.Equal(new Uri("http://127.0.0.1:9/v1.0/"), http.BaseAddress);
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
        Assert.IsType<ClientSecretCredential>(services.GetRequiredService<Azure.Core.TokenCredential>());
    }

    [Fact]
    public void CreateClientRefusesInvalidOptions() =>
        Assert.Contains("Graph:MaxConcurrencyPerMailbox must be between 1 and 4",
            Assert.Throws<OptionsValidationException>(() => GraphHttp.CreateClient(
                With(o => o.MaxConcurrencyPerMailbox = 8), new FakeCredential(TimeProvider.System), TimeProvider.System)).Message);

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0", "https://login.microsoftonline.com/", "https://graph.microsoft.com/.default")]
    [InlineData("https://graph.microsoft.us/v1.0", "https://login.microsoftonline.us/", "https://graph.microsoft.us/.default")]
    [InlineData("https://dod-graph.microsoft.us/v1.0", "https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/.default")]
    [InlineData("https://microsoftgraph.chinacloudapi.cn/v1.0", "https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn/.default")]
    [InlineData("http://127.0.0.1:5000/v1.0", "https://login.microsoftonline.com/", "http://127.0.0.1/.default")]
    public void AuthorityAndScopeFollowTheCloudOfBaseUrl(string baseUrl, string authority, string scope)
    {
        var uri = new Uri(baseUrl);
        Assert.Equal(new Uri(authority), GraphCredentials.AuthorityHost(uri));
        Assert.Equal(scope, GraphCredentials.Scope(uri));
    }

    [Fact]
    public void CredentialsByKind()
    {
        Assert.IsType<ClientSecretCredential>(GraphCredentials.Create(Valid()));

        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=bookings-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        var pfx = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
        var fromPfx = With(o => { o.ClientSecret = null; o.ClientCertificate = pfx; });
        Assert.Equal("", Failures(fromPfx));
        Assert.IsType<ClientCertificateCredential>(GraphCredentials.Create(fromPfx));

        var pem = certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem();
        var fromPem = With(o => { o.ClientSecret = null; o.ClientCertificate = pem; });
        Assert.Equal("", Failures(fromPem));
        Assert.IsType<ClientCertificateCredential>(GraphCredentials.Create(fromPem));

        var publicOnly = With(o => { o.ClientSecret = null; o.ClientCertificate = certificate.ExportCertificatePem(); });
        Assert.Contains("Graph:ClientCertificate must be a base64 PFX or PEM text", Failures(publicOnly));

        var path = Path.Combine(Path.GetTempPath(), $"graph-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        try
        {
            var fromFile = With(o => { o.ClientSecret = null; o.ClientCertificatePath = path; });
            Assert.Equal("", Failures(fromFile));
            Assert.IsType<ClientCertificateCredential>(GraphCredentials.Create(fromFile));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static GraphOptions With(Action<GraphOptions> change)
    {
        var options = Valid();
        change(options);
        return options;
    }
}
