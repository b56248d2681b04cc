using System.Threading.Channels;
using Bookings.Core.Notifications;

namespace Bookings.Worker.Outbox;

/// <summary>
/// Wakes the outbox dispatcher at once after a booking instead of at its next poll. Notifications
/// made while it is busy fold into one wake-up; a lost one only waits for the poll.
/// </summary>
public sealed class OutboxSignal : IOutboxSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>Returns when notified or when <paramref name="timeout"/> has passed on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        if (_wake.Reader.TryRead(out _)) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var notified = _wake.Reader.WaitToReadAsync(stop.Token).AsTask();
        var elapsed = Task.Delay(timeout, time, stop.Token);
        await Task.WhenAny(notified, elapsed);
        await stop.CancelAsync();
        _wake.Reader.TryRead(out _);
        ct.ThrowIfCancellationRequested();
    }
}
