using System.Net;
using Bookings.Core.Sync;
using Bookings.Worker.Sync.Feeds;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Bookings.Web.Tests.Worker.Feeds;

public sealed class FeedSsrfTests : IDisposable
{
    private static readonly DateTimeOffset From = new(2026, 3, 9, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 3, 16, 0, 0, 0, TimeSpan.Zero);

    private static readonly string Feed = IcsBusyParserTests.Calendar("UID:busy\r\nDTSTART:20260310T090000Z\r\nDTEND:20260310T100000Z");

    // "Public" stands for a feed server on the internet: the test seam lets this one loopback port pass the check.
    private readonly WireMockServer _public = WireMockServer.Start();
    private readonly WireMockServer _internal = WireMockServer.Start();
    private readonly List<IcsFeedSource> _sources = [];

    public FeedSsrfTests()
    {
        _internal.Given(Request.Create().WithPath("/secret.ics").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/calendar").WithBody(Feed));
        _public.Given(Request.Create().WithPath("/feed.ics").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/calendar").WithBody(Feed));
    }

    public void Dispose()
    {
        foreach (var source in _sources) source.Dispose();
        _public.Stop();
        _public.Dispose();
        _internal.Stop();
        _internal.Dispose();
    }

    private IcsFeedSource Source(bool allowPrivate = false, bool seam = true)
    {
        var options = new FeedOptions { AllowPrivateAddresses = allowPrivate, RetryAttempts = 2, Timeout = TimeSpan.FromSeconds(10) };
        var publicPort = _public.Port;
        var source = new IcsFeedSource(options, TimeProvider.System, NullLogger.Instance,
            seam ? (address, port) => IPAddress.IsLoopback(address) && port == publicPort : null);
        _sources.Add(source);
        return source;
    }

    private static Task<FreeBusyResult> Read(IcsFeedSource source, string url) =>
        source.ReadAsync(url, "Europe/Warsaw", From, To, CancellationToken.None);

    // A refused address is not a passing failure: it is refused the same way until it is changed.
    private static void AssertRefused(FreeBusyResult result, string detail)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(SyncFailureKind.NotAllowed, result.Failure!.Kind);
        Assert.Equal(detail, result.Failure.Detail);
    }

    [Theory]
    [InlineData("https://anna:s3cret@calendar.example/anna.ics")]
    [InlineData("https://anna@calendar.example/anna.ics")]
    public async Task AUserNameOrPasswordInTheAddressIsRefusedBeforeAnyRequest(string url)
    {
        AssertRefused(await Read(Source(allowPrivate: true), url), FeedFailures.CredentialsNotAllowed);
    }

    [Theory]
    [InlineData("http://127.0.0.1/feed.ics", false, FeedFailures.AddressNotAllowed)]
    [InlineData("http://[fd00::1]/feed.ics", false, FeedFailures.AddressNotAllowed)]
    [InlineData("webcal://10.1.2.3/feed.ics", false, FeedFailures.AddressNotAllowed)]
    [InlineData("http://localhost:8080/feed.ics", false, FeedFailures.AddressNotAllowed)]
    [InlineData("http://calendar.localhost/feed.ics", false, FeedFailures.AddressNotAllowed)]
    [InlineData("http://nas.local./feed.ics", false, FeedFailures.AddressNotAllowed)]
    [InlineData("https://cal.corp.internal/feed.ics", false, FeedFailures.AddressNotAllowed)]
    [InlineData("http://router.home.arpa/feed.ics", false, FeedFailures.AddressNotAllowed)]
    [InlineData("https://u:p@calendar.example/feed.ics", false, FeedFailures.CredentialsNotAllowed)]
    [InlineData("https://u:p@10.0.0.1/feed.ics", true, FeedFailures.CredentialsNotAllowed)]
    [InlineData("ftp://calendar.example/feed.ics", false, FeedFailures.SchemeNotAllowed)]
    [InlineData("calendar.example/feed.ics", false, FeedFailures.InvalidUrl)]
    [InlineData("https://outlook.office365.com/owa/calendar/abc/reachcalendar.ics", false, null)]
    [InlineData("webcal://calendar.google.com/calendar/ical/x/private-y/basic.ics", false, null)]
    [InlineData("https://localhost.example.com/feed.ics", false, null)]
    [InlineData("http://10.0.0.1/feed.ics", true, null)]
    [InlineData("http://localhost:8080/feed.ics", true, null)]
    public void WhatCanBeToldWithoutTheNetworkIsToldAtSaveTime(string url, bool allowPrivate, string? expected)
    {
        Assert.Equal(expected, FeedAddresses.Problem(url, allowPrivate));
    }

    [Theory]
    [InlineData("http://127.0.0.1/feed.ics")]
    [InlineData("http://127.1.2.3:8080/feed.ics")]
    [InlineData("http://localhost/feed.ics")]
    [InlineData("http://[::1]/feed.ics")]
    [InlineData("http://[::ffff:127.0.0.1]/feed.ics")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/feed.ics")]
    [InlineData("http://172.16.5.4/feed.ics")]
    [InlineData("http://192.168.1.1/feed.ics")]
    [InlineData("http://100.64.0.1/feed.ics")]
    [InlineData("http://0.0.0.0/feed.ics")]
    [InlineData("https://[fd00::1]/feed.ics")]
    [InlineData("https://[fe80::1]/feed.ics")]
    [InlineData("webcal://127.0.0.1/feed.ics")]
    [InlineData("http://2130706433/feed.ics")] // 127.0.0.1 as one number
    public async Task PrivateAndSpecialAddressesAreRefused(string url)
    {
        AssertRefused(await Read(Source(seam: false), url), FeedFailures.AddressNotAllowed);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/feed.ics")]
    [InlineData("gopher://example.com/feed.ics")]
    public async Task OtherSchemesAreRefused(string url)
    {
        AssertRefused(await Read(Source(seam: false), url), FeedFailures.SchemeNotAllowed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/relative/feed.ics")]
    public async Task InvalidUrlsAreRefused(string url)
    {
        AssertRefused(await Read(Source(seam: false), url), FeedFailures.InvalidUrl);
    }

    [Fact]
    public async Task TheLoopbackFeedServerIsRefusedByItsPortAndItHearsNothing()
    {
        AssertRefused(await Read(Source(seam: false), _internal.Url + "/secret.ics"), FeedFailures.AddressNotAllowed);
        AssertRefused(await Read(Source(seam: false), $"http://localhost:{_internal.Port}/secret.ics"), FeedFailures.AddressNotAllowed);
        Assert.Empty(_internal.LogEntries);
    }

    [Fact]
    public async Task AllowPrivateAddressesLetsTheSameFeedThrough()
    {
        var result = await Read(Source(allowPrivate: true, seam: false), $"http://localhost:{_internal.Port}/secret.ics");

        Assert.True(result.Succeeded, result.Failure?.Detail);
        Assert.Single(result.Busy!);
    }

    [Fact]
    public async Task ThePublicServerPassesTheSeam()
    {
        var result = await Read(Source(), _public.Url + "/feed.ics");

        Assert.True(result.Succeeded, result.Failure?.Detail);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/secret.ics")]
    [InlineData("http://localhost:{0}/secret.ics")]
    [InlineData("http://[::ffff:127.0.0.1]:{0}/secret.ics")]
    public async Task ARedirectToAPrivateAddressIsRefusedAtTheRedirect(string target)
    {
        _public.Given(Request.Create().WithPath("/redirect.ics").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", string.Format(System.Globalization.CultureInfo.InvariantCulture, target, _internal.Port)));

        var result = await Read(Source(), _public.Url + "/redirect.ics");

        AssertRefused(result, FeedFailures.AddressNotAllowed);
        Assert.Single(_public.LogEntries);   // refused, not retried
        Assert.Empty(_internal.LogEntries);  // never reached
    }

    [Fact]
    public async Task ARedirectToAnotherSchemeIsRefused()
    {
        _public.Given(Request.Create().WithPath("/ftp.ics").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(301).WithHeader("Location", "file:///etc/passwd"));

        AssertRefused(await Read(Source(), _public.Url + "/ftp.ics"), FeedFailures.SchemeNotAllowed);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]   // NAT64 of 10.0.0.1
    [InlineData("2002:7f00:1::1")]   // 6to4 of 127.0.0.1
    public void ClassifierPrivateAndSpecial(string address)
    {
        Assert.True(FeedAddresses.IsPrivateOrSpecial(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("169.253.1.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] // NAT64 of 8.8.8.8
    public void ClassifierPublic(string address)
    {
        Assert.False(FeedAddresses.IsPrivateOrSpecial(IPAddress.Parse(address)));
    }
}
