using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Parley.Auth;

/// <summary>Accepts <c>Authorization: Bearer &lt;service key&gt;</c>.</summary>
internal sealed class ServiceKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ServiceKey";

    // No claims: what makes this principal the service key is the scheme that authenticated it
    // (see Caller.From), which no token can name for itself.
    private static readonly ClaimsPrincipal ServicePrincipal = new(new ClaimsIdentity(authenticationType: SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AuthSetup.BearerCredential(Request) is not { } credential)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.IsServiceKey(credential)
            ? AuthenticateResult.Success(new AuthenticationTicket(ServicePrincipal, SchemeName))
            : AuthenticateResult.Fail("The credential is not valid."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
