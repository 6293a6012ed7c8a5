using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

/// <summary>Moves its server's clock a day forward, so it has a server of its own.</summary>
public sealed class IdempotencyExpiryTests(SteppingClockFactory factory) : IClassFixture<SteppingClockFactory>
{
    [Fact]
    public async Task KeyIsRememberedForTwentyFourHoursAndThenForgotten()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = factory.CreateServiceClient();
        var threadId = await service.CreateThreadAsync(alma, bob);
        var key = $"key-{Guid.NewGuid()}";

        using var first = await service.SendWithKeyAsync(threadId, "hi", key, alma);
        factory.Advance(TimeSpan.FromHours(23));
        using var withinDay = await service.SendWithKeyAsync(threadId, "hi", key, alma);
        using var otherBodyWithinDay = await service.SendWithKeyAsync(threadId, "other", key, alma);
        factory.Advance(TimeSpan.FromHours(1));
        using var afterDay = await service.SendWithKeyAsync(threadId, "other", key, alma);

        Assert.Equal(1, (await withinDay.ReadJsonAsync()).GetProperty("seq").GetInt64());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBodyWithinDay.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterDay.StatusCode);
        Assert.Equal(2, (await afterDay.ReadJsonAsync()).GetProperty("seq").GetInt64());
    }
}
