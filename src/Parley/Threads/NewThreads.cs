using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Auth;
using Parley.Errors;
using Parley.Rules;
using Parley.Storage;

namespace Parley.Threads;

/// <summary>The thread rules of API §2, shared by <c>POST /v1/threads</c> and the seed's <c>POST /thread</c>.</summary>
internal static class NewThreads
{
    public static bool TryBuild(
        IReadOnlyList<string?>? users, string? title, Caller caller, TimeProvider time,
        [NotNullWhen(true)] out NewThread? thread, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        thread = null;
        problem = null;
        var errors = new Dictionary<string, string[]>();
        var members = Users(users, caller, errors);
        if (title is not null && Text.CheckTitle(title) is { } titleProblem)
        {
            errors["title"] = [titleProblem];
        }

        if (errors.Count > 0)
        {
            problem = Problems.Invalid(errors);
            return false;
        }

        var now = time.GetUtcNow();
        thread = new NewThread(Guid.CreateVersion7(now), title, members, now);
        return true;
    }

    // Duplicates collapse after lower-casing, first appearance wins; a user caller is always
    // a member, added last when missing; the 2–100 limit applies to the result.
    private static List<string> Users(IReadOnlyList<string?>? users, Caller caller, Dictionary<string, string[]> errors)
    {
        var members = new List<string>();
        if (users is null)
        {
            errors["users"] = ["is required: a JSON array of usernames"];
            return members;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < users.Count; i++)
        {
            if (!Usernames.TryNormalize(users[i], out var user))
            {
                errors[$"users[{i}]"] = [Usernames.Rule];
            }
            else if (seen.Add(user))
            {
                members.Add(user);
            }
        }

        if (caller.Username is { } self && seen.Add(self))
        {
            members.Add(self);
        }

        if (members.Count is < Limits.MinUsersPerThread or > Limits.UsersPerThread && !errors.Keys.Any(k => k.StartsWith("users[", StringComparison.Ordinal)))
        {
            errors["users"] = [$"must hold {Limits.MinUsersPerThread}–{Limits.UsersPerThread} distinct users (the caller included), not {members.Count}"];
        }

        return members;
    }
}
