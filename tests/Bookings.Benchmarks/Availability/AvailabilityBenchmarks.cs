using BenchmarkDotNet.Attributes;
using Bookings.Core.Availability;

namespace Bookings.Benchmarks.Availability;

[MemoryDiagnoser]
[MedianColumn]
public class AvailabilityBenchmarks
{
    private AvailabilityQuery _s1 = null!, _s2 = null!, _s3 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _s1 = Scenarios.S1();
        _s2 = Scenarios.S2();
        _s3 = Scenarios.S3();
    }

    private static readonly TimeZoneInfo Viewer = Bookings.Core.Time.TimeZones.Resolve("America/New_York");

    // S1 includes writing every slot in the viewer's zone, as an API answer does.
    [Benchmark(Description = "S1: 1 staff, 30 days, 40 busy, viewer in New York")]
    public int S1()
    {
        var n = 0;
        foreach (var slot in AvailabilityEngine.Compute(_s1))
            n += Bookings.Core.Time.TimeZones.FormatInstant(slot.Start, Viewer).Length + Bookings.Core.Time.TimeZones.FormatInstant(slot.End, Viewer).Length;
        return n;
    }

    // S1 without the writing: the engine alone, so a change to either part shows on its own.
    [Benchmark(Description = "S1 engine: 1 staff, 30 days, 40 busy")]
    public int S1Engine() => AvailabilityEngine.Compute(_s1).Count;

    [Benchmark(Description = "S2: 50 staff, 3 zones, 60 days, 5,000 busy, anyone")]
    public int S2() => AvailabilityEngine.Compute(_s2).Count;

    [Benchmark(Description = "S3: 100 staff, 62 days, 20,000 busy")]
    public int S3() => AvailabilityEngine.Compute(_s3).Count;
}
