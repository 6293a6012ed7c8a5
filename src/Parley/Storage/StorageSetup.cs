using Microsoft.Extensions.Options;
using Npgsql;
using Parley.Storage.Postgres;
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
        if (IsPostgres(configuration))
        {
            services.AddSingleton(sp => CreateDataSource(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
            services.AddSingleton<IParleyStore>(sp => new PostgresStore(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PostgresStore>>(), sp.GetRequiredService<IOptions<ParleyOptions>>().Value.WriteQueueCapacity));
            return services;
        }

        services.AddSingleton<IParleyStore>(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var parley = sp.GetRequiredService<IOptions<ParleyOptions>>().Value;
            return new SqliteStore(
                database.ConnectionString ?? $"Data Source={Path.Combine(parley.ResolveDataDirectory(), "parley.db")}",
                sp.GetRequiredService<TimeProvider>(),
                parley.WriteQueueCapacity);
        });
        return services;
    }

    public static bool IsPostgres(IConfiguration configuration) =>
        configuration[$"{DatabaseOptions.Section}:Provider"] == DatabaseOptions.Postgres;

    /// <summary>
    /// A pool of connections to PostgreSQL; the process has one for its requests. Statements a
    /// connection runs again and again are prepared on it automatically, unless the connection
    /// string sets its own policy. <paramref name="role"/> is added to the application name
    /// (default <c>parley</c>), which <c>pg_stat_activity</c> shows.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, string? role = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.ApplicationName = role is null ? settings.ApplicationName ?? "parley" : $"{settings.ApplicationName ?? "parley"}-{role}";
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }

        // Parley leaves no session state on a connection (no SET, temporary tables or LISTEN
        // on a pool that requests share), so returning one to the pool need not reset it. The
        // reset costs a round trip's worth of server work on every request: a page read cost
        // PostgreSQL 260 µs of CPU with it and 150 µs without.
        if (!Mentions(connectionString, "noresetonclose"))
        {
            settings.NoResetOnClose = true;
        }

        return builder.Build();
    }

    private static bool Mentions(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));
}
