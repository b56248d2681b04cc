// Test classes run in parallel (xUnit's default). The Microsoft 365 store's races used to answer Conflict now and then beside
// other tests: its hold order rested on createdDateTime, which the emulator now refuses to select as Graph documents; claims
// now order themselves (src/Bookings.Store.Graph/Claims) and wait for later claims instead of guessing, so load makes them
// slower, not wrong.
