Console.Error.WriteLine("bookings: the CLI is being written");
return 1;
