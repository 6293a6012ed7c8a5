using Microsoft.IdentityModel.Tokens;
using Parley.Auth;

namespace Parley.Tests.Auth;

public sealed class TokenLifetimeTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ATokenIsValidUpToAndIncludingTheSecondOfItsExpiry() =>
        Assert.True(TokenLifetime.Check(Now.AddHours(-1), Now, Now));

    [Fact]
    public void ATokenPastItsExpiryIsRefusedAsExpired()
    {
        var refused = Assert.Throws<SecurityTokenExpiredException>(() => TokenLifetime.Check(Now.AddHours(-1), Now.AddTicks(-1), Now));
        Assert.Equal(Now.AddTicks(-1), refused.Expires);
    }

    [Fact]
    public void ATokenBeforeItsNotBeforeIsRefusedAsNotYetValid()
    {
        var refused = Assert.Throws<SecurityTokenNotYetValidException>(() => TokenLifetime.Check(Now.AddTicks(1), Now.AddHours(1), Now));
        Assert.Equal(Now.AddTicks(1), refused.NotBefore);
    }

    [Fact]
    public void ATokenWithoutExpiryIsRefused() =>
        Assert.Throws<SecurityTokenNoExpirationException>(() => TokenLifetime.Check(Now.AddHours(-1), null, Now));

    [Fact]
    public void ATokenThatExpiresBeforeItBeginsIsRefused() =>
        Assert.Throws<SecurityTokenInvalidLifetimeException>(() => TokenLifetime.Check(Now.AddHours(1), Now.AddMinutes(30), Now.AddMinutes(45)));

    [Fact]
    public void ATokenWithoutNotBeforeIsValidUntilItExpires() =>
        Assert.True(TokenLifetime.Check(null, Now.AddMinutes(1), Now));
}
