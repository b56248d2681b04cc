using System.Text;
using Bookings.Core.Admin;
using Bookings.Store.Graph.Check;
using Microsoft.Extensions.Time.Testing;

namespace Bookings.Store.Tests.Graph;

/// <summary>
/// docs/graph-conformance.md shows what <c>bookings graph check</c> reports on the emulator in each profile. This test runs the check on a
/// fresh tenant of each profile, renders that section, and asserts the document holds it exactly; with the environment variable
/// <c>BOOKINGS_WRITE_DOCS=1</c> it rewrites the section instead, so the document stays true when the check or the emulator changes.
/// </summary>
public sealed class GraphCheckDocTests
{
    public const string Heading = "## What `bookings graph check` reports on the emulator";

    private static readonly string[] ProfileNames = ["Strict", "Hostile", "Refusing"];

    [Fact]
    public async Task TheConformanceDocShowsWhatTheCheckReportsOnEachProfile()
    {
        var reports = new List<IReadOnlyList<CheckOutcome>>();
        foreach (var profile in ProfileNames)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
            using var tenant = new EmulatedTenant(EmulatedTenant.Profile(profile), time);
            reports.Add(await new GraphCheck(tenant.Transport(), time, tenant.Options).RunAsync(GraphCheckTests.Mailbox));
        }
        var section = Render(reports);

        var path = Path.Combine(RepositoryRoot(), "docs", "graph-conformance.md");
        var doc = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        var rewritten = Replace(doc, section);
        if (Environment.GetEnvironmentVariable("BOOKINGS_WRITE_DOCS") == "1")
        {
            if (rewritten != doc) await File.WriteAllTextAsync(path, rewritten);
            return;
        }
        Assert.True(rewritten == doc,
            $"docs/graph-conformance.md does not show what the check reports now: run this test with BOOKINGS_WRITE_DOCS=1 to rewrite its section.\n\n{section}");
    }

    /// <summary>The section: a heading, how it is made, one row per assumption with each profile's result, and each profile's totals.</summary>
    internal static string Render(IReadOnlyList<IReadOnlyList<CheckOutcome>> reports)
    {
        var b = new StringBuilder();
        b.Append(Heading).Append("\n\n");
        b.Append("""
            `bookings graph check --mailbox ADDRESS` (README, "Run on Microsoft 365") tries every assumption the store makes on a real
            mailbox. Here is what it reports on a fresh mailbox of the emulator in each profile, through the store's own transport:
            ✓ passed, ✗ failed, · a note (a reading the store does not rely on, or what the check cannot try without mailing someone).
            A tenant's report is the one that counts; this says what the store was built against. `GraphCheckDocTests` writes this
            section (run it with `BOOKINGS_WRITE_DOCS=1`) and checks it on every test run.


            """.ReplaceLineEndings("\n"));
        b.Append("| check | assumption | ").AppendJoin(" | ", ProfileNames).Append(" |\n");
        b.Append("|---|---|").Append(string.Concat(ProfileNames.Select(_ => "---|"))).Append('\n');
        foreach (var id in GraphCheck.Ids)
        {
            var first = reports.Select(r => r.FirstOrDefault(o => o.Id == id)).FirstOrDefault(o => o is not null);
            if (first is null) continue;
            b.Append($"| [`{id}`]({first.Documentation}) | {Cell(first.Assumption)} |");
            foreach (var report in reports)
                b.Append(report.FirstOrDefault(o => o.Id == id) is { } o ? $" {Mark(o.Result)} {Cell(o.Seen)} |" : " not tried |");
            b.Append('\n');
        }
        b.Append("| | |");
        foreach (var report in reports)
            b.Append($" {report.Count(o => o.Result == CheckResult.Pass)} passed, {report.Count(o => o.Result == CheckResult.Fail)} failed, " +
                $"{report.Count(o => o.Result == CheckResult.Note)} notes |");
        b.Append('\n');
        return b.ToString();
    }

    private static string Mark(CheckResult result) => result switch
    {
        CheckResult.Pass => "✓",
        CheckResult.Fail => "✗",
        _ => "·",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>The document with its section replaced (up to the next second-level heading), or appended when it has none.</summary>
    internal static string Replace(string doc, string section)
    {
        var start = doc.IndexOf(Heading + "\n", StringComparison.Ordinal);
        if (start < 0) return doc.TrimEnd('\n') + "\n\n" + section;
        var next = doc.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        return next < 0 ? doc[..start] + section : doc[..start] + section + "\n" + doc[(next + 1)..];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bookings.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("No Bookings.sln above " + AppContext.BaseDirectory);
    }
}
