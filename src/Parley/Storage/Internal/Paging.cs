namespace Parley.Storage.Internal;

/// <summary>
/// Turns the rows a page query read into the page the contract promises. Each query asks for
/// one row more than the page holds: that row, when it comes, says there is more.
/// </summary>
internal static class Paging
{
    /// <param name="rows">Messages in the order the query read them: newest first, or oldest first after a seq.</param>
    public static MessagePage Messages(List<MessageRecord> rows, MessagePageQuery query)
    {
        var hasMore = rows.Count > query.Limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        // A page is always oldest first; only reading forward from a seq reads in that order.
        if (query.AfterSeq is null)
        {
            rows.Reverse();
        }

        return new MessagePage(rows, hasMore);
    }

    /// <param name="threads">Threads most recently active first, one more than <paramref name="limit"/> at most.</param>
    /// <param name="activityMs">The activity time each of <paramref name="threads"/> is ordered by.</param>
    public static ThreadPage Threads(List<ThreadRecord> threads, List<long> activityMs, int limit)
    {
        if (threads.Count <= limit)
        {
            return new ThreadPage(threads, Next: null);
        }

        threads.RemoveAt(limit);
        var last = limit - 1;
        return new ThreadPage(threads, new InboxCursor(activityMs[last], threads[last].Id));
    }
}
