using CsCheck;

namespace Bookings.Store.Tests.Properties;

/// <summary>
/// Runs a property twice: over a fixed series of cases (the same in every run, so CI checks a known
/// set) and over random cases (new in every run). A failure names the CsCheck seed of the failing
/// case, shrunk where CsCheck could; to reproduce it, set <c>CsCheck_Seed</c> to that seed and run
/// the property's test again (the random run starts from it).
/// </summary>
public enum Seed { Fixed, Random }

public static class PropertyRun
{
    /// <summary>The fixed series starts here; each case's seed is the next one of this PCG.</summary>
    public const string FixedSeed = "0000001dik81";

    public const int FixedCases = 100;

    // Candidates tried after a failure to find a simpler one.
    private const int ShrinkIterations = 200;

    public static Task RunAsync<T>(Seed seed, Gen<T> gen, Func<T, Task> property) =>
        seed == Seed.Fixed ? FixedAsync(gen, property) : RandomAsync(gen, property);

    private static async Task FixedAsync<T>(Gen<T> gen, Func<T, Task> property)
    {
        var series = PCG.Parse(FixedSeed);
        for (var i = 0; i < FixedCases; i++)
        {
            var seed = new PCG(series.Stream, series.Next64()).ToString();
            try
            {
                await gen.SampleAsync(property, seed: seed, iter: 1, threads: 1, print: Print);
            }
            catch (CsCheckException failed)
            {
                // The failing case replays from its seed; more iterations after it shrink it.
                var shrunk = await Catch(() => gen.SampleAsync(property, seed: seed, iter: ShrinkIterations, print: Print));
                throw new PropertyFailedException(
                    $"Case {i} of the fixed series from {FixedSeed} failed with seed {seed}. {FirstLine(shrunk ?? failed)}", shrunk ?? failed);
            }
        }
    }

    /// <summary>Random cases: CsCheck's default count (100), or CsCheck_Iter / CsCheck_Time from the environment for a longer search.</summary>
    private static async Task RandomAsync<T>(Gen<T> gen, Func<T, Task> property)
    {
        try
        {
            await gen.SampleAsync(property, print: Print);
        }
        catch (CsCheckException failed)
        {
            throw new PropertyFailedException($"A random case failed. {FirstLine(failed)}", failed);
        }
    }

    private static async Task<CsCheckException?> Catch(Func<Task> run)
    {
        try
        {
            await run();
            return null;
        }
        catch (CsCheckException e)
        {
            return e;
        }
    }

    // CsCheck's first line holds the seed; the case and the property's own message follow in the inner exceptions.
    private static string FirstLine(Exception e) => e.Message.Split('\n')[0];

    private static string Print<T>(T value) => value?.ToString() ?? "null";
}

public sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);
