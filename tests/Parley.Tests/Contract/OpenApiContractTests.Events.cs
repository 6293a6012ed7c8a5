using System.Net;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Contract;

public sealed partial class OpenApiContractTests
{
    [Fact]
    public async Task ThreadStreamAnswersAndEventsAreAsDocumented()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = ServiceClient();
        var thread = await service.CreateThreadAsync(alma, bob);
        await service.SendAsync(thread, "before", alma);
        var path = $"/v1/threads/{thread}/events";
        var contract = await OpenApiResponseValidator.For(factory).ContractAsync();

        using var anonymous = Client(null);
        await using (var stream = await SseClient.OpenAsync(anonymous, $"{path}?access_token={await factory.MintTokenAsync(bob)}", lastEventId: "0"))
        {
            var replayed = await stream.NextAsync() ?? throw new InvalidOperationException("The stream ended.");
            contract.CheckEvent(path, replayed);
            await service.SendAsync(thread, "live", bob);
            var live = await stream.NextAsync() ?? throw new InvalidOperationException("The stream ended.");
            contract.CheckEvent(path, live);
            Assert.Equal("2", live.EventId);
        }

        await ExpectAsync(HttpStatusCode.BadRequest, service.GetAsync($"{path}?after_seq=-1"));
        await ExpectAsync(HttpStatusCode.NotFound, service.GetAsync($"/v1/threads/{NoThread}/events"));
        await ExpectAsync(HttpStatusCode.Unauthorized, anonymous.GetAsync($"{path}?access_token=not-a-token"));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, service.PostAsync(path, Json("{}")));
    }

    [Fact]
    public async Task UserStreamAnswersAndEventsAreAsDocumented()
    {
        var (alma, bob) = (Names.User(), Names.User());
        using var service = ServiceClient();
        var contract = await OpenApiResponseValidator.For(factory).ContractAsync();

        await using (var stream = await SseClient.OpenAsync(service, $"/v1/events?user={bob}"))
        {
            var thread = await service.CreateThreadAsync(alma, bob);
            var added = await stream.NextAsync() ?? throw new InvalidOperationException("The stream ended.");
            Assert.Equal("thread", added.EventType);
            contract.CheckEvent("/v1/events", added);
            await service.SendAsync(thread, "hi", alma);
            var message = await stream.NextAsync() ?? throw new InvalidOperationException("The stream ended.");
            Assert.Equal("message", message.EventType);
            contract.CheckEvent("/v1/events", message);
        }

        using var almaClient = await UserClientAsync(alma);
        await ExpectAsync(HttpStatusCode.BadRequest, service.GetAsync("/v1/events"));
        await ExpectAsync(HttpStatusCode.Forbidden, almaClient.GetAsync($"/v1/events?user={bob}"));
        using var anonymous = Client(null);
        await ExpectAsync(HttpStatusCode.Unauthorized, anonymous.GetAsync("/v1/events"));
        await ExpectAsync(HttpStatusCode.MethodNotAllowed, almaClient.PutAsync("/v1/events", Json("{}")));
    }
}
