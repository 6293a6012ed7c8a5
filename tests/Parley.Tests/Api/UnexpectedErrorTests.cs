using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary>A bug on the server is a 500 problem; what went wrong is shown only in Development.</summary>
public sealed class UnexpectedErrorTests(UnexpectedErrorTests.ProductionFactory production, UnexpectedErrorTests.DevelopmentFactory development)
    : IClassFixture<UnexpectedErrorTests.ProductionFactory>, IClassFixture<UnexpectedErrorTests.DevelopmentFactory>
{
    private const string Path = "/test/throw";
    private const string Secret = "the connection string was Password=hunter2";

    public class ProductionFactory : ParleyFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ThrowingRoute>());
        }
    }

    public sealed class DevelopmentFactory : ProductionFactory
    {
        protected override string Environment => "Development";
    }

    /// <summary>Adds, for these tests only, a route that fails the way a bug would.</summary>
    private sealed class ThrowingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(Path, branch => branch.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }

    [Fact]
    public async Task BugIsInternalServerErrorProblemWithoutDetailInProduction()
    {
        using var client = production.CreateClient();
        using var response = await client.GetAsync(Path);
        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Equal("An unexpected error occurred.", problem.GetProperty("detail").GetString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BugShowsTheExceptionInDevelopment()
    {
        using var client = development.CreateClient();
        using var response = await client.GetAsync(Path);
        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains(nameof(InvalidOperationException), detail, StringComparison.Ordinal);
        Assert.Contains(Secret, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrdinaryErrorsCarryNoExceptionDetailInDevelopment()
    {
        using var client = development.CreateServiceClient();
        using var response = await client.PostAsync("/v1/threads", Infrastructure.Api.Json("""{"users": ["""));
        var text = await response.Content.ReadAsStringAsync();
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }
}
