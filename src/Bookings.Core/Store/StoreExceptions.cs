namespace Bookings.Core.Store;

public sealed class StoreConflictException(string message) : Exception(message);

/// <summary>The store's backend refused an operation for good (on Microsoft 365: Graph answered 403, 400…); the message says what and why.</summary>
public class StoreRefusedException(string message) : Exception(message);
