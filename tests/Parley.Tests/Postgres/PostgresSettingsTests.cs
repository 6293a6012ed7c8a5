using Microsoft.Extensions.Options;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Postgres;

public sealed class PostgresSettingsTests
{
    private sealed class SettingsFactory(string? connectionString) : ParleyFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Parley:Database:Provider"] = "Postgres",
            ["Parley:Database:ConnectionString"] = connectionString,
        };
    }

    [Fact]
    public void PostgresWithoutAConnectionStringStopsStartUpNamingTheSetting()
    {
        using var factory = new SettingsFactory(connectionString: null);

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Parley:Database:ConnectionString is required when Parley:Database:Provider is Postgres", failure.Message);
    }

    [Fact]
    public void MalformedConnectionStringStopsStartUpNamingTheSettingWithoutShowingIt()
    {
        using var factory = new SettingsFactory("Host=db;Password=hunter2-secret;Colour=blue");

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Parley:Database:ConnectionString is not a PostgreSQL connection string", failure.Message);
        Assert.DoesNotContain("hunter2-secret", failure.Message);
    }
}
