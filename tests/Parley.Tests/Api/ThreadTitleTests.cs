using System.Net;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Api;

public sealed class ThreadTitleTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private static string UsersJson(string? title) =>
        JsonSerializer.Serialize(new { users = new[] { Names.User(), Names.User() }, title });

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  Lunch on Friday  ")]
    [InlineData("👍🏽🇸🇪 é")]
    public async Task TitleIsReturnedExactlyAsSentAndNullWhenAbsent(string? title)
    {
        using var service = factory.CreateServiceClient();

        using var response = await service.PostJsonAsync("/v1/threads", UsersJson(title));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var returned = (await response.ReadJsonAsync()).GetProperty("title");
        Assert.Equal(title, returned.ValueKind == JsonValueKind.Null ? null : returned.GetString());
    }

    [Fact]
    public async Task TitleOfHundredCharactersIsAcceptedCountingGraphemes()
    {
        using var service = factory.CreateServiceClient();

        using var letters = await service.PostJsonAsync("/v1/threads", UsersJson(new string('t', 100)));
        using var emoji = await service.PostJsonAsync("/v1/threads", UsersJson(string.Concat(Enumerable.Repeat("👍🏽", 100))));

        Assert.Equal(HttpStatusCode.Created, letters.StatusCode);
        Assert.Equal(HttpStatusCode.Created, emoji.StatusCode);
    }

    [Theory]
    [InlineData(101, "")]
    [InlineData(0, "line\nbreak")]
    [InlineData(0, "tab\there")]
    [InlineData(0, "bell\u0007")]
    public async Task TitleTooLongOrWithControlCharactersIsRejected(int repeat, string title)
    {
        title = new string('t', repeat) + title;
        using var service = factory.CreateServiceClient();

        using var response = await service.PostJsonAsync("/v1/threads", UsersJson(title));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["title"], await response.ErrorFieldsAsync());
    }
}
