// The Microsoft 365 store's tests race holds against a stateful fake with real timing: run beside each other on a shared
// 2-core machine, a hold's verify occasionally came back late enough to answer Conflict (seen in GraphBookingStoreTests and
// GraphOutboxTests). The store tests run one class at a time; the whole project takes well under a minute that way.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
