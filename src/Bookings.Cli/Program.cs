return await Bookings.Cli.CliApp.RunAsync(args, Console.Out, Console.Error);
