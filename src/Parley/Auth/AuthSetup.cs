using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Parley.Auth;

internal static class AuthSetup
{
    private const string Selector = "Parley";

    /// <summary>
    /// One scheme in front of two: a credential shaped like a JWT (three dot-separated parts)
    /// goes to JwtBearer, anything else is compared with the service key, which never has dots.
    /// </summary>
    public static IServiceCollection AddParleyAuth(this IServiceCollection services)
    {
        services.AddSingleton<KeyRing>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<CachingTokenHandler>();
        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, Selector, options => options.ForwardDefaultSelector = context =>
                BearerCredential(context.Request) is { } credential && credential.Count('.') != 2
                    ? ServiceKeyHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ServiceKeyHandler>(ServiceKeyHandler.SchemeName, null)
            .AddJwtBearer();

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<KeyRing, IOptions<AuthOptions>, CachingTokenHandler, TimeProvider>((options, keys, auth, tokens, time) =>
            {
                options.MapInboundClaims = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(tokens);
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = keys.SigningKey,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    // The server issues and checks its own tokens: no clock to disagree with.
                    ClockSkew = TimeSpan.Zero,
                    LifetimeValidator = TokenLifetime.Using(time),
                    NameClaimType = "sub",
                    // Names where a principal came from; Caller.From grants the service key's
                    // powers only to the service-key scheme's principals.
                    AuthenticationType = JwtBearerDefaults.AuthenticationScheme,
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Headers.Authorization.Count == 0)
                        {
                            context.Token = QueryToken.From(context.HttpContext);
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (context.Principal is not { } principal || Caller.From(principal) is null)
                        {
                            context.Fail("The token names no valid user.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        services.AddAuthorization();
        return services;
    }

    /// <summary>The credential of <c>Authorization: Bearer …</c>, or null.</summary>
    public static string? BearerCredential(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value
            || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var credential = value.AsSpan(7).Trim();
        return credential.IsEmpty ? null : credential.ToString();
    }
}
