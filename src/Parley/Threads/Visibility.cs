using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Auth;
using Parley.Errors;
using Parley.Storage;

namespace Parley.Threads;

internal static class Visibility
{
    /// <summary>
    /// Whether the caller may see the thread: the service key sees every thread, a user only
    /// the threads they are in.
    /// </summary>
    public static async Task<bool> CanSeeAsync(this IParleyStore store, Guid threadId, Caller caller, CancellationToken ct)
    {
        if (caller.Username is { } user)
        {
            return await store.GetMembershipAsync(threadId, user, ct) == Membership.Member;
        }

        return await store.ThreadExistsAsync(threadId, ct);
    }

    /// <summary>
    /// The answer to a request about a thread that failed a check: its problem when the caller
    /// may see the thread, otherwise 404. Visibility comes before anything else about the
    /// request, so a failing request tells a caller nothing about a thread they cannot see.
    /// </summary>
    public static async Task<ProblemHttpResult> RefuseAsync(
        this IParleyStore store, Guid threadId, Caller caller, ProblemHttpResult problem, CancellationToken ct)
    {
        if (await store.CanSeeAsync(threadId, caller, ct))
        {
            return problem;
        }

        return Problems.NotFound();
    }
}
