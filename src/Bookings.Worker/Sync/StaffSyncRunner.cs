using Bookings.Core.Store;
using Bookings.Core.Sync;
using Bookings.Worker.Sync.Feeds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Bookings.Worker.Sync;

/// <summary>What one sync pass did, for the CLI and the tests.</summary>
public sealed record SyncPassResult(int Calendars, int StaffSynced, int StaffFailing, IReadOnlyList<string> CalendarErrors);

/// <summary>
/// One pass of the staff calendar sync: for every calendar, every staff member whose own calendar affects availability
/// (<see cref="SyncDiagnosis.SourceOf"/>) is read over [now, now + Sync:Horizon) from their ICS feed or, on the
/// Microsoft 365 store, through getSchedule on the calendar's scheduling mailbox (20 schedules and under 62 days a
/// call); the new states replace the calendar's in the store, where availability, the CLI and /health read them.
/// A failure keeps the last good busy time (used up to Sync:StalenessLimit) and is logged with its diagnosis.
/// </summary>
public sealed partial class StaffSyncRunner(
    IMailboxStore mailboxStore,
    IStaffSyncStore syncStore,
    IcsFeedSource feeds,
    TimeProvider time,
    IOptions<SyncOptions> options,
    ILogger<StaffSyncRunner> logger,
    IScheduleReader? graph = null)
{
    private const int FeedParallelism = 4;

    // Per scheduling mailbox: a getSchedule source that keeps failing as a whole is left alone for a while.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ResiliencePipeline> _graphBreakers = new(StringComparer.OrdinalIgnoreCase);

    public bool GraphAvailable => graph is not null;

    public async Task<SyncPassResult> RunOnceAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var mailboxes = await mailboxStore.ListMailboxesAsync(ct);
        int synced = 0, failing = 0;
        var errors = new List<string>();
        foreach (var mailbox in mailboxes)
        {
            try
            {
                var (ok, bad) = await SyncMailboxAsync(mailbox, o, ct);
                synced += ok;
                failing += bad;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One calendar's store trouble must not stop the others; its states stay as they were.
                LogCalendarFailed(logger, mailbox.Id, e.GetType().Name, e);
                errors.Add($"{mailbox.Slug}: {e.GetType().Name}");
            }
        }
        return new SyncPassResult(mailboxes.Count, synced, failing, errors);
    }

    private async Task<(int Synced, int Failing)> SyncMailboxAsync(Mailbox mailbox, SyncOptions o, CancellationToken ct)
    {
        var staff = mailbox.Document.StaffMembers
            .Select(s => (Staff: s, Source: SyncDiagnosis.SourceOf(s, GraphAvailable)))
            .Where(x => x.Source is not null).Select(x => (x.Staff, Source: x.Source!.Value)).ToList();
        var previous = await syncStore.ListStaffSyncAsync(mailbox.Id, ct);
        if (staff.Count == 0)
        {
            if (previous.Count > 0) await syncStore.ReplaceStaffSyncAsync(mailbox.Id, [], ct); // nobody synced any more
            return (0, 0);
        }

        var now = time.GetUtcNow();
        var from = now;
        var to = now + o.Horizon;
        var results = new Dictionary<string, FreeBusyResult>(StringComparer.Ordinal);

        var feedStaff = staff.Where(x => x.Source == SyncSource.IcsFeed).Select(x => x.Staff).ToList();
        await Parallel.ForEachAsync(feedStaff, new ParallelOptions { MaxDegreeOfParallelism = FeedParallelism, CancellationToken = ct }, async (s, token) =>
        {
            var zone = s.TimeZone is { Length: > 0 } own ? own : mailbox.Document.BusinessTimeZone;
            var result = await feeds.ReadAsync(s.IcsFeedUrl!, zone, from, to, token);
            lock (results) results[s.Id] = result;
        });

        var graphStaff = staff.Where(x => x.Source == SyncSource.Graph).Select(x => x.Staff).ToList();
        if (graphStaff.Count > 0 && graph is not null)
        {
            var byAddress = await ReadGraphAsync(mailbox.Id, [.. graphStaff.Select(s => s.EmailAddress!)], from, to, ct);
            foreach (var s in graphStaff)
                results[s.Id] = byAddress.TryGetValue(s.EmailAddress!, out var r) ? r : FreeBusyResult.Failed(SyncFailureKind.Unknown, "no answer for the schedule");
        }

        var states = staff.Select(x => StaffSyncState.After(previous.FirstOrDefault(p => p.StaffId == x.Staff.Id), x.Staff.Id, x.Source, now, results[x.Staff.Id])).ToList();
        await syncStore.ReplaceStaffSyncAsync(mailbox.Id, states, ct);

        var failing = 0;
        foreach (var state in states.Where(s => s.Failure is not null))
        {
            failing++;
            var escalated = state.Failure!.Kind == SyncFailureKind.Unknown && state.ConsecutiveFailures >= o.EscalateAfter;
            // A refused address stays refused until it is changed: said once as a warning, then quietly on every pass.
            if (state.Failure.Kind == SyncFailureKind.NotAllowed)
                LogNotAllowed(logger, state.ConsecutiveFailures == 1 ? LogLevel.Warning : LogLevel.Debug, mailbox.Id, state.StaffId, state.Failure.Detail, state.ConsecutiveFailures);
            else if (escalated) LogEscalated(logger, mailbox.Id, state.StaffId, state.Source, state.Failure.Kind, state.Failure.Detail, state.ConsecutiveFailures);
            else LogFailed(logger, mailbox.Id, state.StaffId, state.Source, state.Failure.Kind, state.Failure.Detail, state.ConsecutiveFailures);
        }
        LogPass(logger, mailbox.Id, states.Count - failing, failing);
        return (states.Count - failing, failing);
    }

    /// <summary>getSchedule behind a circuit breaker per scheduling mailbox (the transport below retries and times out).</summary>
    private async Task<IReadOnlyDictionary<string, FreeBusyResult>> ReadGraphAsync(string mailboxId, IReadOnlyList<string> addresses,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var breaker = _graphBreakers.GetOrAdd(mailboxId, _ => new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = 3,
                SamplingDuration = TimeSpan.FromMinutes(30),
                BreakDuration = TimeSpan.FromMinutes(5),
                ShouldHandle = new PredicateBuilder().Handle<WholeSourceFailed>(),
            }).Build());
        try
        {
            return await breaker.ExecuteAsync(async token =>
            {
                var answer = await graph!.ReadAsync(mailboxId, addresses, from, to, token);
                // Every schedule failing for an unidentified reason is the source failing (throttled, down), not the staff.
                if (answer.Count > 0 && answer.Values.All(r => r.Failure is { Kind: SyncFailureKind.Unknown })) throw new WholeSourceFailed(answer);
                return answer;
            }, ct);
        }
        catch (WholeSourceFailed failed)
        {
            return failed.Answer;
        }
        catch (BrokenCircuitException)
        {
            return addresses.ToDictionary(a => a, _ => FreeBusyResult.Failed(SyncFailureKind.Unknown, "circuit open"), StringComparer.OrdinalIgnoreCase);
        }
    }

    private sealed class WholeSourceFailed(IReadOnlyDictionary<string, FreeBusyResult> answer) : Exception("Every schedule failed.")
    {
        public IReadOnlyDictionary<string, FreeBusyResult> Answer { get; } = answer;
    }

    // Ids and kinds only: no staff names, addresses or feed URLs (a feed URL can be a secret).
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Staff calendar sync failed for {MailboxId}/{StaffId} ({Source}): {Cause} ({Detail}), {Failures} in a row")]
    private static partial void LogFailed(ILogger logger, string mailboxId, string staffId, SyncSource source, SyncFailureKind cause, string detail, int failures);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Staff calendar sync failed for {MailboxId}/{StaffId} ({Source}): {Cause} ({Detail}), {Failures} in a row; escalated")]
    private static partial void LogEscalated(ILogger logger, string mailboxId, string staffId, SyncSource source, SyncFailureKind cause, string detail, int failures);

    [LoggerMessage(EventId = 4005, Message = "Staff calendar sync will not read the feed of {MailboxId}/{StaffId}: this address is not allowed: {Reason}; it is not read until the address is changed ({Failures} in a row)")]
    private static partial void LogNotAllowed(ILogger logger, LogLevel level, string mailboxId, string staffId, string reason, int failures);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Staff calendar sync of {MailboxId}: {Synced} synced, {Failing} failing")]
    private static partial void LogPass(ILogger logger, string mailboxId, int synced, int failing);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Staff calendar sync of {MailboxId} could not run: {Error}")]
    private static partial void LogCalendarFailed(ILogger logger, string mailboxId, string error, Exception exception);
}
