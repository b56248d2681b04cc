using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bookings.Worker;

public static class WorkerHosting
{
    // PLACEHOLDER: registers the notification dispatcher and its channels.
    public static IServiceCollection AddBookingsWorkers(this IServiceCollection services, IConfiguration configuration) => services;
}
