using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class HealthTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    [Fact]
    public async Task LiveAndReadyAnswerOkWithoutCredentials()
    {
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
