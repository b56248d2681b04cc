using Bookings.Hosting;
using Bookings.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddBookingsStore(builder.Configuration);
builder.Services.AddHostedService<StoreInitializer>();
builder.Services.AddBookingsWorkers(builder.Configuration);
builder.Build().Run();
