using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bookings.Benchmarks.Availability;
using Bookings.Core.Availability;
using Bookings.Core.Store;
using Bookings.Store.Sqlite;

namespace Bookings.Benchmarks.Http;

/// <summary>
/// The HTTP availability load script: seeds the S2 calendar (50 staff, 3 zones, 5,000 busy
/// appointments) into a fresh embedded store, starts the real web server on loopback, and sends
/// the booking page's month query (31 days, "anyone") from N concurrent clients for a bounded
/// number of requests. Prints p50/p90/p99 and throughput. Traffic stays on 127.0.0.1.
/// </summary>
public static class HttpLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = IntArg(args, "--clients", 16);
        var requests = IntArg(args, "--requests", 4000);
        var warmup = IntArg(args, "--warmup", 200);
        var port = IntArg(args, "--port", 5181);
        var webDll = StringArg(args, "--web-dll") ?? FindWebDll();
        var dataDir = Path.Combine(Path.GetTempPath(), "bookings-load-" + Guid.NewGuid().ToString("N"));

        Console.WriteLine($"Seeding S2 into {dataDir} ...");
        var seeded = await SeedAsync(dataDir);
        Console.WriteLine($"Seeded {seeded} appointments.");

        var psi = new ProcessStartInfo("dotnet", [webDll, "--urls", $"http://127.0.0.1:{port}", "--Store:DataDirectory", dataDir,
            "--Seed:Demo", "false", "--Workers:Enabled", "false", "--Logging:LogLevel:Default", "Warning",
            // One load client: the per-client limits would measure the limiter, not the service.
            "--RateLimits:Enabled", "false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var server = Process.Start(psi)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var url = "/api/v1/calendars/bench/availability?serviceId=svc&from=2026-12-01&to=2026-12-31";
            await WaitForServerAsync(http, url);

            var first = await http.GetStringAsync(url);
            Console.WriteLine($"One answer: {first.Length:N0} bytes, {first.Split("\"start\"").Length - 1} slots.");

            await RunClientsAsync(http, url, clients, warmup);
            var sw = Stopwatch.StartNew();
            var latencies = await RunClientsAsync(http, url, clients, requests);
            sw.Stop();
            Array.Sort(latencies);
            double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"HTTP S2 month availability, {clients} clients, {requests} requests: p50 {P(0.50):0.00} ms, p90 {P(0.90):0.00} ms, p99 {P(0.99):0.00} ms, max {latencies[^1]:0.00} ms, {requests / sw.Elapsed.TotalSeconds:0} req/s"));
            return 0;
        }
        finally
        {
            try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await server.WaitForExitAsync();
            if (!args.Contains("--keep")) try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<double[]> RunClientsAsync(HttpClient http, string url, int clients, int requests)
    {
        var latencies = new double[requests];
        var next = -1;
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"The server answered {(int)response.StatusCode}.");
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        await Task.WhenAll(workers);
        return latencies;
    }

    private static async Task<int> SeedAsync(string dataDir)
    {
        var q = Scenarios.S2();
        var calendar = q.Calendar;
        calendar.Slug = "bench";
        calendar.DisplayName = "Bench";
        calendar.SchedulingPolicy.AllowStaffSelection = false;
        using var store = new SqliteBookingStore(dataDir, new FixedTime(Scenarios.Now));
        await store.MigrateAsync();
        var mailbox = await store.CreateMailboxAsync(calendar);
        var booked = 0;
        foreach (var a in q.Appointments)
        {
            var attendee = new Attendee("att-" + a.Id, "c-" + a.Id, "Load Test", null, null, null, null, new Dictionary<string, string>(), null, false,
                Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(a.Id))), AttendeeStatus.Booked, Scenarios.Now);
            var outcome = await store.BookAsync(new BookingCommand(mailbox.Id, "svc", a.StaffId, a.Start, a.End, TimeSpan.Zero, TimeSpan.Zero, 1,
                a.Id, attendee, new Customer("c-" + a.Id, mailbox.Id, "Load Test", null, null), [], null), (_, _) => []);
            if (outcome is BookOutcome.Booked) booked++;
        }
        return booked;
    }

    private static async Task WaitForServerAsync(HttpClient http, string url)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var r = await http.GetAsync(url);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("The web server did not answer within 30 seconds.");
    }

    private static string FindWebDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bookings.sln"))) dir = dir.Parent;
        var path = dir is null ? null : Path.Combine(dir.FullName, "artifacts", "bin", "Bookings.Web", "release", "Bookings.Web.dll");
        if (path is null || !File.Exists(path))
            throw new FileNotFoundException("Build the web app first: dotnet build -c Release src/Bookings.Web (or pass --web-dll PATH).");
        return path;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Seeding happens "before" the S2 window so every seeded appointment lies in the future.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
