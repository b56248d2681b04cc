using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure.Core;
using Bookings.Store.Graph.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Bookings.Store.Tests.GraphTransport;

/// <summary>A fake clock that reports every timer created on it, so a test knows when a wait has begun.</summary>
public sealed class ObservedTime : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _timers = new();
    private readonly List<(TimeSpan Due, TaskCompletionSource Created)> _watches = [];
    private readonly object _lock = new();
    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();

    public ObservedTime() : base(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)) { }

    /// <summary>Due times of every timer created so far (retry delays, per-attempt timeouts).</summary>
    public IReadOnlyCollection<TimeSpan> TimerDueTimes => _timers;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Enqueue(dueTime);
        // Task.Delay (the retry's wait) creates its timer with its due time; a timeout's CancellationTokenSource
        // creates an infinite one and sets it afterwards, so it is not reported here.
        if (dueTime > TimeSpan.Zero) _delays.Writer.TryWrite(dueTime);
        lock (_lock)
            foreach (var watch in _watches.Where(w => w.Due == dueTime)) watch.Created.TrySetResult();
        return timer;
    }

    /// <summary>Completes once a timer due in exactly <paramref name="due"/> has been created.</summary>
    public Task TimerCreated(TimeSpan due)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_timers.Contains(due)) tcs.TrySetResult();
            else _watches.Add((due, tcs));
        }
        return tcs.Task;
    }

    /// <summary>
    /// Lets every retry wait of <paramref name="task"/> elapse: whenever a delay timer is created, the fake clock
    /// advances by exactly its due time. Time never moves while a request is on the network, so a slow machine
    /// cannot turn a real round trip into a fake-time timeout.
    /// </summary>
    public async Task<T> ElapseRetryWaitsAsync<T>(Task<T> task, int maxWaits = 50)
    {
        for (var i = 0; i < maxWaits; i++)
        {
            var next = _delays.Reader.ReadAsync().AsTask();
            if (await Task.WhenAny(task, next).WaitAsync(TimeSpan.FromSeconds(60)) == task) break;
            Advance(await next);
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Advances the fake clock a step at a time until <paramref name="task"/> completes (a bounded number of steps).</summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan step, int maxSteps = 2000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            Advance(step);
            await Task.WhenAny(task, Task.Delay(5));
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

/// <summary>A credential that hands out a fixed token valid for an hour from the fake clock, and counts its calls.</summary>
public sealed class FakeCredential(TimeProvider time, string token = FakeCredential.Token) : TokenCredential
{
    public const string Token = "test-token-123";
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);
    public List<string[]> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (Scopes) Scopes.Add(requestContext.Scopes);
        return new AccessToken(token, time.GetUtcNow().AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>A WireMock.Net server on loopback, the options pointing at it, and the transport's HttpClient.</summary>
public sealed class TransportRig : IDisposable
{
    public TransportRig(Action<GraphOptions>? configure = null, ILoggerFactory? loggerFactory = null, HttpMessageHandler? network = null)
    {
        _network = new CountingHandler { InnerHandler = network ?? new SocketsHttpHandler() };
        Server = WireMockServer.Start();
        Options = new GraphOptions
        {
            TenantId = "contoso.onmicrosoft.com",
            ClientId = "00000000-0000-0000-0000-000000000001",
            ClientSecret = "not-a-secret",
            BaseUrl = Server.Urls[0].TrimEnd('/') + "/v1.0",
        };
        configure?.Invoke(Options);
        Credential = new FakeCredential(Time);
        Http = GraphHttp.CreateClient(Options, Credential, Time, loggerFactory, _network);
    }

    private readonly CountingHandler _network;

    public ObservedTime Time { get; } = new();

    /// <summary>Attempts that reached the network handler (each retry is one more).</summary>
    public int Attempts => _network.Count;
    public WireMockServer Server { get; }
    public GraphOptions Options { get; }
    public FakeCredential Credential { get; }
    public HttpClient Http { get; }

    public int RequestCount => Server.LogEntries.Count();

    /// <summary>Answers the requests to <paramref name="path"/> with <paramref name="answers"/> in order, the last one from then on.</summary>
    public void Sequence(string path, params Func<IResponseMessage>[] answers)
    {
        var next = -1;
        Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(path).UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                var i = Math.Min(Interlocked.Increment(ref next), answers.Length - 1);
                return answers[i]();
            }));
    }

    public static Func<IResponseMessage> Status(int status, params (string Name, string Value)[] headers) => () =>
    {
        var response = new ResponseMessage { StatusCode = status };
        foreach (var (name, value) in headers) response.AddHeader(name, value);
        response.AddHeader("Content-Type", "application/json");
        response.BodyData = new BodyData { BodyAsString = $$"""{"status":{{status}}}""", DetectedBodyType = BodyType.String };
        return response;
    };

    public void Dispose()
    {
        Http.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}

/// <summary>Counts the requests that reach the network.</summary>
public sealed class CountingHandler : DelegatingHandler
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Keeps every formatted log line and its event id.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
{
    private readonly ConcurrentQueue<(EventId Id, LogLevel Level, string Category, string Message)> _entries = new();
    private string _category = "";

    public IReadOnlyCollection<(EventId Id, LogLevel Level, string Category, string Message)> Entries => _entries;

    public ILogger CreateLogger(string categoryName)
    {
        _category = categoryName;
        return this;
    }

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((eventId, logLevel, _category, formatter(state, exception)));
}

/// <summary>A network that cannot connect <paramref name="failures"/> times (as SocketsHttpHandler reports it), then answers 200.</summary>
public sealed class UnreachableHandler(int failures) : HttpMessageHandler
{
    private int _calls;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _calls) <= failures
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)")
            : Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = request });
}
