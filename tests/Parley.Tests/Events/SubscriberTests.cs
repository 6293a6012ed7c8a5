using Parley.Events;

namespace Parley.Tests.Events;

/// <summary>One stream's mailbox: bounded in events and in bytes.</summary>
public sealed class SubscriberTests
{
    // 2,000 characters: 4,000 bytes in memory.
    private static readonly LiveEvent Large = new("message", 1, new string('x', 2_000));

    [Fact]
    public void EventsBeyondTheByteBoundCutTheStream()
    {
        var cut = 0;
        var mailbox = new Subscriber(1_000, () => cut++, maxBytes: 10_000);

        mailbox.Offer(Large);
        mailbox.Offer(Large);
        Assert.Equal(0, cut);
        mailbox.Offer(Large);

        Assert.Equal(1, cut);
        Assert.True(mailbox.TryRead(out _));
        Assert.True(mailbox.TryRead(out _));
        Assert.False(mailbox.TryRead(out _));
        Assert.True(mailbox.Completion.IsCompleted);
    }

    [Fact]
    public void TakenEventsNoLongerCountAgainstTheByteBound()
    {
        var cut = 0;
        var mailbox = new Subscriber(1_000, () => cut++, maxBytes: 10_000);

        for (var i = 0; i < 50; i++)
        {
            mailbox.Offer(Large);
            mailbox.Offer(Large);
            Assert.True(mailbox.TryRead(out _));
            Assert.True(mailbox.TryRead(out _));
        }

        Assert.Equal(0, cut);
        Assert.False(mailbox.Completion.IsCompleted);
    }

    [Fact]
    public void EventsBeyondTheCountBoundCutTheStreamOnce()
    {
        var cut = 0;
        var mailbox = new Subscriber(2, () => cut++);

        for (var i = 0; i < 5; i++)
        {
            mailbox.Offer(new LiveEvent("message", i, "{}"));
        }

        Assert.Equal(1, cut);
    }
}
