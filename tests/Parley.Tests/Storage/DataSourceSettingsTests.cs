using Npgsql;
using Parley.Storage.Postgres;

namespace Parley.Tests.Storage;

/// <summary>The settings Parley adds to a PostgreSQL connection string, and that an operator's own settings win.</summary>
public sealed class DataSourceSettingsTests
{
    private const string Server = "Host=db.example;Database=parley;Username=parley";

    [Fact]
    public void PooledConnectionsAreNotResetAndPrepareRepeatedStatementsByDefault()
    {
        using var dataSource = PostgresDataSource.Create(Server);
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal("parley", settings.ApplicationName);
    }

    [Theory]
    [InlineData("No Reset On Close=false")]
    [InlineData("noresetonclose=False")]
    public void AnExplicitResetSettingIsKept(string setting)
    {
        using var dataSource = PostgresDataSource.Create($"{Server};{setting}");
        Assert.False(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public void TheListenerPoolIsNamedForItsRole()
    {
        using var dataSource = PostgresDataSource.Create(Server, role: "listener");
        Assert.Equal("parley-listener", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).ApplicationName);
    }
}
