using Microsoft.Extensions.Options;
using Parley.Storage;

namespace Parley.Events;

internal static class EventsSetup
{
    /// <summary>
    /// The live hub, the count of open streams, and the broadcaster that suits the provider: on
    /// PostgreSQL, notices go through the database so that every instance hears every write; on
    /// SQLite, which one process owns, they go straight to the hub.
    /// </summary>
    public static IServiceCollection AddParleyLiveEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<LiveHub>();
        services.AddSingleton<OpenStreams>();
        services.AddSingleton<IValidateOptions<StreamLimitOptions>, StreamLimitValidation>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveHub>());
        if (StorageSetup.IsPostgres(configuration))
        {
            services.AddPostgresNotifications();
        }
        else
        {
            services.AddSingleton<IBroadcaster, InProcessBroadcaster>();
        }

        return services;
    }
}
