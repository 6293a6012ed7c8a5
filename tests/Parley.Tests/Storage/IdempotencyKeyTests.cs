using Parley.Rules;
using Parley.Storage;

namespace Parley.Tests.Storage;

public sealed class IdempotencyKeyTests
{
    [Fact]
    public void AKeyIsKeptAsA32ByteDigestWhateverItsLength()
    {
        var longest = new IdempotencyKey("user:alma", new string('k', Limits.IdempotencyKeyCharacters), []);
        var shortest = new IdempotencyKey("user:alma", "k", []);

        Assert.Equal(32, longest.Digest.Length);
        Assert.Equal(32, shortest.Digest.Length);
        Assert.Equal(shortest.Digest, new IdempotencyKey("service", "k", [1]).Digest);
        Assert.NotEqual(shortest.Digest, new IdempotencyKey("user:alma", "K", []).Digest);
    }

    [Fact]
    public void AUsersKeysAreBoundedAndTheServiceKeysAreNot()
    {
        Assert.Equal(Limits.IdempotencyKeysPerUser, new IdempotencyKey("user:alma", "k", []).MaxKept);
        Assert.Null(new IdempotencyKey("service", "k", []).MaxKept);
    }
}
