using Microsoft.Extensions.Options;
using Npgsql;
using Parley.Events;
using Parley.Storage.Postgres;
using Parley.Storage.Postgres.Notifications;
using Parley.Storage.Sqlite;

namespace Parley.Storage;

internal static class StorageSetup
{
    /// <summary>
    /// The store named by <c>Parley:Database:Provider</c>. The provider is read here, while
    /// services are registered; the options check at start-up refuses an unknown one.
    /// </summary>
    public static IServiceCollection AddParleyStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DataDirectory>();
        if (IsPostgres(configuration))
        {
            services.AddSingleton(sp => PostgresDataSource.Create(PostgresConnectionString(sp)));
            services.AddSingleton<IParleyStore>(sp => new PostgresStore(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PostgresStore>>(), sp.GetRequiredService<IOptions<ParleyOptions>>().Value.WriteQueueCapacity));
            return services;
        }

        services.AddSingleton<IParleyStore>(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var parley = sp.GetRequiredService<IOptions<ParleyOptions>>().Value;
            var connectionString = database.ConnectionString ?? $"Data Source={Path.Combine(parley.ResolveDataDirectory(), "parley.db")}";
            return new SqliteStore(connectionString, sp.GetRequiredService<TimeProvider>(), parley.WriteQueueCapacity);
        });
        return services;
    }

    public static bool IsPostgres(IConfiguration configuration) =>
        configuration[$"{DatabaseOptions.Section}:Provider"] == DatabaseOptions.Postgres;

    /// <summary>
    /// The broadcaster for many instances on one PostgreSQL database: notices go through the
    /// database (<c>NOTIFY</c>/<c>LISTEN</c>), so every instance hears every write.
    /// </summary>
    public static IServiceCollection AddPostgresNotifications(this IServiceCollection services)
    {
        services.AddSingleton<PostgresBroadcaster>();
        services.AddSingleton<IBroadcaster>(sp => sp.GetRequiredService<PostgresBroadcaster>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresBroadcaster>());
        return services;
    }

    private static string PostgresConnectionString(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString
            ?? throw new InvalidOperationException("PostgreSQL needs Parley:Database:ConnectionString.");
}
