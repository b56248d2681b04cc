using Bookings.Hosting;
using Bookings.Web.Api;
using Bookings.Web.Infrastructure;
using Bookings.Worker;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddBookingsStore(builder.Configuration);
builder.Services.AddHostedService<StoreInitializer>();
builder.Services.AddBookingsWorkers(builder.Configuration);
builder.Services.AddBookingsWeb(builder.Configuration);

var app = builder.Build();

app.UseBookingsWeb();
app.MapBookingsApi();
app.MapSmsWebhook();
app.MapReportsApi();
app.MapRazorPages();

app.Run();

public partial class Program;
