using Bookings.Benchmarks.Http;

// `-- http [...]` runs the HTTP load script; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "http")
    return await HttpLoad.RunAsync(args[1..]);

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
