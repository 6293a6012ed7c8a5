using Parley.Storage;

namespace Parley.Tests.Storage;

// A read of every message of a thread (the seed GET) is made of short reads: what it returns
// must not show where one ends and the next begins.
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ReadingAllMessagesAcrossManyChunksGivesThoseStoredBeforeItBeganAndNoneSentMeanwhile()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var sent = new List<MessageRecord>();
        for (var i = 0; i < 600; i++)
        {
            sent.Add(await SendAsync(thread, i % 2 == 0 ? Alma : Bob, $"message {i}"));
        }

        var read = new List<MessageRecord>();
        await foreach (var message in Store.ReadMessagesAfterAsync(thread, 0, Ct))
        {
            read.Add(message);
            if (read.Count is 1 or 256 or 300 or 599)
            {
                await SendAsync(thread, Bob, $"sent while reading, after {read.Count}");
            }
        }

        Assert.Equal(sent, read);
        Assert.Equal(604, (await Store.GetThreadAsync(thread, member: null, Ct))!.LastSeq);
    }

    [Fact]
    public async Task ReadingAllMessagesGivesEveryLargeMessageOnceInOrder()
    {
        var thread = await CreateThreadAsync(Alma, Bob);
        var sent = new List<MessageRecord>();
        for (var i = 0; i < 40; i++)
        {
            // Far more text than one chunk holds: a chunk ends early after a few of these.
            sent.Add(await SendAsync(thread, Alma, new string((char)('a' + (i % 26)), 20_000)));
        }

        var read = new List<MessageRecord>();
        await foreach (var message in Store.ReadMessagesAfterAsync(thread, 10, Ct))
        {
            read.Add(message);
        }

        Assert.Equal(sent.Skip(10), read);
    }

    [Fact]
    public async Task ReadingAllMessagesOfAThreadThatDoesNotExistGivesNone()
    {
        await foreach (var message in Store.ReadMessagesAfterAsync(Guid.CreateVersion7(), 0, Ct))
        {
            Assert.Fail($"Unexpected message {message.Seq}.");
        }
    }
}
