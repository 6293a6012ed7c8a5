using Parley.Auth;
using Parley.Storage;

namespace Parley.Threads;

internal static class Visibility
{
    /// <summary>
    /// Whether the caller may see the thread: the service key sees every thread, a user only
    /// the threads they are in. Routes ask this before anything else about a failing request.
    /// </summary>
    public static async Task<bool> CanSeeAsync(this IParleyStore store, Guid threadId, Caller caller, CancellationToken ct) =>
        caller.Username is { } user
            ? await store.GetMembershipAsync(threadId, user, ct) == Membership.Member
            : await store.ThreadExistsAsync(threadId, ct);
}
