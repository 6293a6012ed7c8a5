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
    public const int MaxLength = Limits.IdempotencyKeyCharacters;

    public static (IdempotencyKey? Key, ProblemHttpResult? Problem) Read(HttpRequest request, Caller caller, params ReadOnlySpan<string?> fields)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return (null, null);
        }

        if (values.Count > 1 || !IsValid(values[0]))
        {
            return (null, Problems.Invalid(Header, $"must be one value of 1–{MaxLength} printable ASCII characters"));
        }

        return (new IdempotencyKey(caller.Principal, values[0]!, Fingerprint(fields)), null);
    }

    private static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= ' ' and <= '~');

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
