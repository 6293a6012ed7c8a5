using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Parley.Tests.Infrastructure;
using static Parley.Tests.Infrastructure.Api;

namespace Parley.Tests.Api;

/// <summary>413 above 64 KiB and 415 for a body that is not JSON, on every route that reads a body.</summary>
public sealed class BodyLimitTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    private const int Limit = 64 * 1024;

    public static TheoryData<string, string> BodyRoutes => new()
    {
        { "POST", "/v1/threads" },
        { "POST", "/v1/threads/{thread}/messages" },
        { "PUT", "/v1/threads/{thread}/read" },
        { "POST", "/v1/tokens" },
        { "POST", "/thread" },
        { "POST", "/thread/{thread}/{member}" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task BodyLargerThan64KiBIsContentTooLarge(string method, string route)
    {
        using var response = await SendAsync(method, route, member => Json(Padded(Limit + 1, member)));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task ChunkedBodyLargerThan64KiBIsContentTooLarge(string method, string route)
    {
        using var response = await SendAsync(method, route, member => new UnknownLengthContent(Padded(Limit + 1, member)));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task BodyOfExactly64KiBIsAccepted()
    {
        using var response = await SendAsync("POST", "/v1/threads/{thread}/messages", member => Json(Padded(Limit, member)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task BodyThatIsNotJsonIsUnsupportedMediaType(string method, string route)
    {
        using var response = await SendAsync(method, route, _ => new StringContent("{}", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    [InlineData("application/xml")]
    public async Task ContentTypeOtherThanJsonIsUnsupportedMediaType(string? mediaType)
    {
        using var response = await SendAsync("POST", "/v1/threads", _ =>
        {
            var content = new ByteArrayContent("{\"users\": [\"alma\", \"bob\"]}"u8.ToArray());
            content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);
            return content;
        });
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task JsonWithCharsetIsAccepted()
    {
        using var response = await SendAsync("POST", "/thread", member => new StringContent(
            $$"""{"users": ["{{member}}", "{{Names.User()}}"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A valid send body of exactly <paramref name="size"/> bytes, padded with spaces.</summary>
    private static string Padded(int size, string member)
    {
        var json = $$"""{"text": "hi", "username": "{{member}}"}""";
        return json.Insert(1, new string(' ', size - Encoding.UTF8.GetByteCount(json)));
    }

    /// <summary>Sends to <paramref name="route"/> on a fresh thread, as the service key, for one of its members.</summary>
    private async Task<HttpResponseMessage> SendAsync(string method, string route, Func<string, HttpContent> content)
    {
        using var service = factory.CreateServiceClient();
        var member = Names.User();
        var thread = await service.CreateThreadAsync(member, Names.User());
        var path = route.Replace("{thread}", thread, StringComparison.Ordinal).Replace("{member}", member, StringComparison.Ordinal);
        return await service.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content(member) });
    }

    /// <summary>Content without a Content-Length, so the server only learns the size by reading.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(string text)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
