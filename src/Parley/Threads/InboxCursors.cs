using System.Buffers.Binary;
using Microsoft.IdentityModel.Tokens;
using Parley.Storage;

namespace Parley.Threads;

/// <summary>The opaque <c>next_cursor</c> of a thread list: activity time and thread id, base64url.</summary>
internal static class InboxCursors
{
    public static string Encode(InboxCursor cursor)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, cursor.ActivityMs);
        cursor.ThreadId.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64UrlEncoder.Encode(bytes.ToArray());
    }

    /// <summary>The <c>cursor</c> query parameter: null when absent; a bad one is added to <paramref name="errors"/>.</summary>
    public static InboxCursor? Read(string? text, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (TryDecode(text, out var cursor))
        {
            return cursor;
        }

        errors["cursor"] = ["is not a cursor this server issued"];
        return null;
    }

    private static bool TryDecode(string text, out InboxCursor cursor)
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

        if (bytes.Length != 24)
        {
            return false;
        }

        cursor = new InboxCursor(BinaryPrimitives.ReadInt64BigEndian(bytes), new Guid(bytes.AsSpan(8), bigEndian: true));
        return true;
    }
}
