using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Parley.Storage;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Security;

/// <summary>Every response, success or error, carries the same protective headers and no Server header.</summary>
public sealed class SecurityHeadersTests(KestrelParleyFactory kestrel, SecurityHeadersTests.BrokenStoreFactory broken)
    : IClassFixture<KestrelParleyFactory>, IClassFixture<SecurityHeadersTests.BrokenStoreFactory>
{
    public static TheoryData<string, string, string?, string?, int> Requests => new()
    {
        { "GET", "/health/live", null, null, 200 },
        { "GET", "/openapi/v1.json", null, null, 200 },
        { "GET", "/v1/threads", "none", null, 401 },
        { "GET", "/v1/threads?user=alma", "service", null, 200 },
        { "POST", "/v1/threads", "service", """{"users": ["alma", "bob"]}""", 201 },
        { "POST", "/v1/threads", "service", """{"users": [""", 400 },
        { "POST", "/v1/threads", "service", "text", 415 },
        { "POST", "/v1/threads", "service", new string('x', 70_000), 413 },
        { "DELETE", "/v1/threads", "service", null, 405 },
        { "GET", "/v1/threads/0190b8a0-0000-7000-8000-000000000000", "service", null, 404 },
        { "GET", "/no/such/route", "service", null, 404 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task EveryResponseCarriesNosniffAndNoReferrerAndNoServerHeader(string method, string path, string? credential, string? body, int status)
    {
        using var client = kestrel.CreateClientWith(credential switch { "service" => ParleyFactory.ServiceKey, "none" => null, _ => null });
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, body == "text" ? "text/plain" : "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        AssertProtected(response);
    }

    [Fact]
    public async Task AStreamCarriesTheHeadersToo()
    {
        using var alma = await kestrel.CreateUserClientAsync(Names.User("alma"));
        var thread = await alma.CreateThreadAsync(Names.User("bob"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/threads/{thread}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await alma.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertProtected(response);
    }

    [Fact]
    public async Task AnUnexpectedErrorCarriesTheHeadersAfterTheResponseWasCleared()
    {
        using var client = broken.CreateServiceClient();

        using var response = await client.GetAsync("/v1/threads?user=alma");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertProtected(response);
    }

    private static void AssertProtected(HttpResponseMessage response)
    {
        Assert.False(response.Headers.Contains("Server"), "A Server header names the software.");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    /// <summary>A server whose store fails every read: the way to an unexpected 500.</summary>
    public sealed class BrokenStoreFactory : ParleyFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IParleyStore, BrokenStore>());
        }
    }

    private sealed class BrokenStore : IParleyStore
    {
        public Task MigrateAsync(CancellationToken ct) => Task.CompletedTask;

        public Task<bool> IsReadyAsync(CancellationToken ct) => Task.FromResult(true);

        public Task<CreateThreadOutcome> CreateThreadAsync(NewThread thread, IdempotencyKey? key, CancellationToken ct) => throw Bug();

        public Task<AppendOutcome> AppendMessageAsync(NewMessage message, IdempotencyKey? key, CancellationToken ct) => throw Bug();

        public Task<WriteStatus> MarkReadAsync(Guid threadId, string username, long seq, CancellationToken ct) => throw Bug();

        public Task<ThreadRecord?> GetThreadAsync(Guid threadId, string? member, CancellationToken ct) => throw Bug();

        public Task<Membership> GetMembershipAsync(Guid threadId, string username, CancellationToken ct) => throw Bug();

        public Task<bool> ThreadExistsAsync(Guid threadId, CancellationToken ct) => throw Bug();

        public Task<MessageRecord?> GetMessageAsync(Guid threadId, long seq, string? member, CancellationToken ct) => throw Bug();

        public Task<MessagePage?> GetMessagesAsync(Guid threadId, string? member, MessagePageQuery query, CancellationToken ct) => throw Bug();

        public IAsyncEnumerable<MessageRecord> ReadMessagesAfterAsync(Guid threadId, long afterSeq, CancellationToken ct) => throw Bug();

        public Task<ThreadPage> ListThreadsAsync(string username, InboxCursor? after, int limit, CancellationToken ct) => throw Bug();

        public Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset before, CancellationToken ct) => Task.FromResult(0);

        private static InvalidOperationException Bug() => new("A store that always fails.");
    }
}
