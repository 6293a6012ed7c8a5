using System.Net;
using System.Text.RegularExpressions;
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
    public async Task TheApiReferenceHasItsOwnPolicyWithAFreshNonceAndNoOtherOrigin()
    {
        using var anonymous = factory.CreateClient();

        using var first = await anonymous.GetAsync("/docs/");
        using var second = await anonymous.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var policy = string.Join(";", first.Headers.GetValues("Content-Security-Policy"));
        var nonce = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(nonce, string.Join(";", second.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiReferenceAsksForNoDefaultFontsTelemetryOrAiChat()
    {
        using var anonymous = factory.CreateClient();

        var html = await anonymous.GetStringAsync("/docs/");

        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
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
