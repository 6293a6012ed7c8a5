using System.Net;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Web;

public sealed class WebClientServingTests(ParleyFactory factory) : IClassFixture<ParleyFactory>
{
    [Fact]
    public async Task RootServesTheClientWithoutACredentialUnderAStrictContentSecurityPolicy()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task TheClientPageHasNoInlineScriptOrStyle()
    {
        using var anonymous = factory.CreateClient();

        var html = await anonymous.GetStringAsync("/");

        Assert.Matches("<script type=\"module\" src=\"js/app.js\"></script>", html);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptsAreServedAsJavaScriptWithoutACredential()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync("/js/app.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheApiReferenceIsNotHeldToTheClientsPolicy()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task AnUnknownFileIsAProblemNotFound()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync("/js/missing.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
