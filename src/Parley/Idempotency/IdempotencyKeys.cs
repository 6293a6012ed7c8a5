using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Auth;
using Parley.Errors;
using Parley.Rules;
using Parley.Storage;

namespace Parley.Idempotency;

/// <summary>
/// Reads the <c>Idempotency-Key</c> header (1–255 printable ASCII characters) and binds it to
/// the request as understood: the same key with the same route, thread, sender and fields
/// is a repeat, whatever the JSON's spacing or property order.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// The request's key, bound to <paramref name="fields"/>; true with a null key when the
    /// request has none, false with the problem when it has a bad one.
    /// </summary>
    public static bool TryRead(
        HttpRequest request, Caller caller, ReadOnlySpan<string?> fields,
        out IdempotencyKey? key, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        key = null;
        problem = null;
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return true;
        }

        if (values is not [{ } text] || !IsValid(text))
        {
            problem = Problems.Invalid(Header, $"must be one value of 1–{Limits.IdempotencyKeyCharacters} printable ASCII characters");
            return false;
        }

        key = new IdempotencyKey(caller.Principal, text, Fingerprint(fields));
        return true;
    }

    private static bool IsValid(string key) =>
        key.Length is > 0 and <= Limits.IdempotencyKeyCharacters && key.All(c => c is >= ' ' and <= '~');

    // Each field is length-prefixed, so ("ab", "c") and ("a", "bc") differ.
    private static byte[] Fingerprint(ReadOnlySpan<string?> fields)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = field is null ? [] : Encoding.UTF8.GetBytes(field);
            BitConverter.TryWriteBytes(length, field is null ? -1 : bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }
}
