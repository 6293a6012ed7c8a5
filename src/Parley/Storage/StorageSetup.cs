using Microsoft.Extensions.Options;
using Parley.Storage.Sqlite;

namespace Parley.Storage;

internal static class StorageSetup
{
    /// <summary>The store named by <c>Parley:Database:Provider</c>; an unknown provider stops start-up.</summary>
    public static IServiceCollection AddParleyStore(this IServiceCollection services)
    {
        services.AddSingleton<IParleyStore>(sp =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var parley = sp.GetRequiredService<IOptions<ParleyOptions>>().Value;
            var env = sp.GetRequiredService<IHostEnvironment>();
            return database.Provider switch
            {
                "Sqlite" => new SqliteStore(
                    database.ConnectionString
                        ?? $"Data Source={Path.Combine(parley.ResolveDataDirectory(), "parley.db")}",
                    sp.GetRequiredService<TimeProvider>(),
                    parley.WriteQueueCapacity),
                _ => throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                    [$"Parley:Database:Provider '{database.Provider}' is not available in this build."]),
            };
        });
        return services;
    }
}
