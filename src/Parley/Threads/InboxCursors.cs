using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Parley.Auth;
using Parley.Storage;

namespace Parley.Threads;

/// <summary>
/// The opaque <c>next_cursor</c> of a thread list: activity time and thread id, sealed with an
/// HMAC over them and the user the list belongs to, base64url. A cursor the server did not
/// issue, or issued for another user's list, is refused (400) instead of read as a position.
/// </summary>
internal sealed class InboxCursors(KeyRing keys)
{
    private const int PositionBytes = 24;
    private const int TagBytes = 16;

    // Derived, never the signing key itself; every instance sharing the signing key shares it.
    private readonly byte[] _key = HMACSHA256.HashData(keys.SigningKey.Key, "parley/inbox-cursors"u8);

    public string Encode(InboxCursor cursor, string user)
    {
        Span<byte> bytes = stackalloc byte[PositionBytes + TagBytes];
        BinaryPrimitives.WriteInt64BigEndian(bytes, cursor.ActivityMs);
        cursor.ThreadId.TryWriteBytes(bytes[8..PositionBytes], bigEndian: true, out _);
        Tag(bytes[..PositionBytes], user, bytes[PositionBytes..]);
        return Base64UrlEncoder.Encode(bytes.ToArray());
    }

    /// <summary>The <c>cursor</c> query parameter: null when absent; a bad one is added to <paramref name="errors"/>.</summary>
    public InboxCursor? Read(string? text, string user, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (TryDecode(text, user, out var cursor))
        {
            return cursor;
        }

        errors["cursor"] = ["is not a cursor this server issued"];
        return null;
    }

    private bool TryDecode(string text, string user, out InboxCursor cursor)
    {
        cursor = default;
        byte[] bytes;
        try
        {
            bytes = Base64UrlEncoder.DecodeBytes(text);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length != PositionBytes + TagBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(bytes.AsSpan(0, PositionBytes), user, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PositionBytes)))
        {
            return false;
        }

        cursor = new InboxCursor(BinaryPrimitives.ReadInt64BigEndian(bytes), new Guid(bytes.AsSpan(8, 16), bigEndian: true));
        return true;
    }

    private void Tag(ReadOnlySpan<byte> position, string user, Span<byte> tag)
    {
        var signed = new byte[position.Length + Encoding.UTF8.GetByteCount(user)];
        position.CopyTo(signed);
        Encoding.UTF8.GetBytes(user, signed.AsSpan(position.Length));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, signed, mac);
        mac[..TagBytes].CopyTo(tag);
    }
}
