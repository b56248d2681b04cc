namespace Bookings.Core.Store;

/// <summary>
/// The whole store: every scheduling mailbox and what it holds, as the ports of its aggregates. This is what a store project
/// implements (the embedded SQLite store and the Microsoft 365 Graph store, both held to one contract suite) and what Hosting
/// registers; consumers take the ports they use (each registered as the same instance).
/// </summary>
public interface IBookingStore : IMailboxStore, IAppointmentStore, ITimeOffStore, IStaffSyncStore, IOutboxStore, ISmsOptOutStore, IAuditStore;
