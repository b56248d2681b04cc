namespace Bookings.Core.Notifications;

/// <summary>Tells whoever dispatches the outbox that a change has just queued messages, so they leave at once.</summary>
public interface IOutboxSignal
{
    void Notify();
}
