using System.Globalization;
using System.Text;
using CsCheck;

namespace Parley.Tests.Security;

/// <summary>What a hostile request is made of, before it is aimed at a server (see <see cref="HostileRequest"/>).</summary>
internal static class HostileInputs
{
    /// <summary>Strings chosen to break parsers, validators, SQL and logs.</summary>
    public static readonly string[] Nasty =
    [
        "", " ", "\t", "\n", "\0", "a\0b", "'", "\"", "\\", "%", "%00", "%2F", "../../etc/passwd", "..\\..\\boot.ini",
        "'; DROP TABLE messages; --", "\" OR \"1\"=\"1", "Robert'); DROP TABLE threads;--", "1 OR 1=1", "admin'--",
        "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "\ud800", "\udc00", "a\ud800b", "\udbff\udfff",
        "\u202eevil", "\ufeff", "\u2028\u2029", "\u200b", "e\u0301", "👍🏽", "🇫🇷", "null", "true", "NaN", "-1", "0", "1e309",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "0x10", "１２３", "\u0660",
        new string('a', 10_000), string.Concat(Enumerable.Repeat("👍🏽", 281)), new string('é', 300),
    ];

    /// <summary>Byte sequences that are not UTF-8 (overlong forms, encoded surrogates, stray bytes) and raw NUL.</summary>
    public static readonly byte[][] BadUtf8 =
    [
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xFF], [0xFE, 0xFF], [0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x00],
    ];

    /// <summary>Characters that draw nothing: whitespace, format, default-ignorable, U+2800 (see API.md §2).</summary>
    public static readonly string[] Invisible =
    [
        " ", "\u00A0", "\u2003", "\u3000", "\u2028", "\n", "\t", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD",
        "\u034F", "\u061C", "\u180E", "\u3164", "\uFFA0", "\u115F", "\u1160", "\u2800", "\uFE0F", "\u2066", "\u2069", "\u200E",
        "\u200F", "\U000E0020", "\U000E0041", "\U000E007F", "\U000E0100", "\U0001D173", "\U0001BCA0", "\u0600",
    ];

    /// <summary>Text made only of <see cref="Invisible"/> characters: never a message.</summary>
    public static readonly Gen<string> InvisibleOnly = Gen.OneOf(Invisible).Array[1, 40].Select(string.Concat);

    /// <summary>Ordinary text with one bidirectional embedding or override control (U+202A–U+202E) somewhere in it.</summary>
    public static readonly Gen<string> WithBidiControl =
        from text in Gen.Char["abc xyz 123 אבג"].Array[0, 30].Select(c => new string(c))
        from control in Gen.Char['\u202A', '\u202E']
        from at in Gen.Int[0, text.Length]
        select text.Insert(at, control.ToString());

    /// <summary>One letter carrying many combining marks: one user-perceived character of 1 + 2 × marks bytes.</summary>
    public static readonly Gen<string> CombiningFlood =
        from letter in Gen.Char['a', 'z']
        from marks in Gen.Frequency((3, Gen.Int[0, 2_500]), (1, Gen.Int[2_040, 2_060]), (1, Gen.Int[2_500, 5_000]))
        from mark in Gen.Char['\u0300', '\u036F'].Array[marks]
        select letter + new string(mark);

    public static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.OneOf(Nasty)),
        (1, InvisibleOnly),
        (1, WithBidiControl),
        (1, CombiningFlood),
        (3, Gen.String),
        (2, Gen.Char.Array[0, 40].Select(c => new string(c))),
        (2, Gen.Char["abcdefghij 👍\n\t"].Array[1, 30].Select(c => new string(c))),
        (1, Gen.Char[char.MinValue, char.MaxValue].Array[0, 400].Select(c => new string(c))));

    /// <summary>Usernames: members of the target thread, strangers, other casings, and hostile strings.</summary>
    public static Gen<string> Username(string member, string stranger) => Gen.Frequency(
        (3, Gen.Const(member)),
        (1, Gen.Const(member.ToUpperInvariant())),
        (1, Gen.Const(stranger)),
        (1, Gen.Char["abcXYZ019_.-@"].Array[1, 70].Select(c => new string(c))),
        (3, Text));

    public static readonly Gen<string> Number = Gen.Frequency(
        (3, Gen.Long[-5, 50].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1.5")),
        (1, Gen.OneOf(Gen.Const("1e400"), Gen.Const("-0"), Gen.Const("00"), Gen.Const("1.0"), Gen.Const("99999999999999999999999"))));

    /// <summary>Any JSON value, a few levels deep.</summary>
    public static Gen<string> JsonValue(int depth) => depth == 0
        ? Gen.OneOf(Text.Select(Quote), Number, Gen.OneOf(Gen.Const("true"), Gen.Const("false"), Gen.Const("null")))
        : Gen.Frequency(
            (4, JsonValue(0)),
            (1, JsonValue(depth - 1).Array[0, 4].Select(items => $"[{string.Join(',', items)}]")),
            (1, Gen.Select(Text, JsonValue(depth - 1)).Array[0, 3].Select(fields => "{" + string.Join(',', fields.Select(f => $"{Quote(f.Item1)}:{f.Item2}")) + "}")));

    /// <summary>A field value: mostly of the expected kind, sometimes any JSON at all.</summary>
    public static Gen<string> Field(Gen<string> expected) => Gen.Frequency((5, expected), (1, JsonValue(2)));

    /// <summary>A JSON string literal; controls and every surrogate are escaped, so "\ud800" arrives as an escaped lone surrogate.</summary>
    public static string Quote(string value)
    {
        var json = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (c < ' ' || char.IsSurrogate(c))
            {
                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                json.Append(c);
            }
        }

        return json.Append('"').ToString();
    }

    /// <summary>What may follow a JSON value in a body: only JSON whitespace is harmless.</summary>
    public static readonly Gen<string> Trailer = Gen.Frequency(
        (2, Gen.OneOf(" garbage", "{}", "]", "}", ",", " null", "\u00A0", "\0", "\u200B", "x")),
        (1, JsonValue(1).Select(v => " " + v)),
        (1, Gen.Char[" \t\r\n"].Array[0, 4].Select(w => new string(w) + "#")));

    /// <summary>
    /// Send bodies whose answer the rules decide in advance: combining-mark floods (201 up to
    /// 4 KiB, 400 past it), invisible-only texts and bidi controls (400, <c>errors.text</c>),
    /// data after the JSON value (400) and whitespace after it (201).
    /// </summary>
    public static readonly Gen<RuledSend> RuledSends = Gen.OneOf(
        CombiningFlood.Select(t => new RuledSend("flood", Send(t), Encoding.UTF8.GetByteCount(t) > 4096 ? 400 : 201, "text")),
        InvisibleOnly.Select(t => new RuledSend("invisible", Send(t), 400, "text")),
        WithBidiControl.Select(t => new RuledSend("bidi control", Send(t), 400, "text")),
        Gen.Select(Gen.Char["abc é"].Array[1, 20], Trailer).Select(p => new RuledSend("trailer", Send(new string(p.Item1).Trim() + "x") + p.Item2, 400, null)),
        Gen.Select(Gen.Char["abc é"].Array[1, 20], Gen.Char[" \t\r\n"].Array[0, 5]).Select(p => new RuledSend("whitespace after", Send(new string(p.Item1).Trim() + "x") + new string(p.Item2), 201, null)));

    private static string Send(string text) => "{\"text\":" + Quote(text) + "}";

    /// <summary>Deeply nested JSON, around one of the route's fields or alone.</summary>
    public static readonly Gen<string> Nested = Gen.Int[60, 5_000].Select(depth =>
        "{\"text\":" + new string('[', depth) + new string(']', depth) + ",\"users\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}");

    /// <summary>Damage to the bytes of a body: flips, cuts, repeats, insertions of bytes that are not UTF-8.</summary>
    public static Gen<byte[]> Mutate(byte[] body) => Gen.Int[0, 5].SelectMany(kind => Gen.Int[0, Math.Max(0, body.Length - 1)].SelectMany(at =>
        Gen.OneOf(BadUtf8).SelectMany(bad => Gen.Byte.Select(b => kind switch
        {
            0 => body.Length == 0 ? body : [.. body[..at], (byte)(body[at] ^ b), .. body[(at + 1)..]],
            1 => body[..at],
            2 => [.. body[..at], .. bad, .. body[at..]],
            3 => [.. body[..at], .. body[at..], .. body[at..]],
            4 => [.. body[..at], b, .. body[at..]],
            _ => body.Length == 0 ? body : [.. body[..at], .. body[(at + 1)..]],
        }))));

    /// <summary>Percent-encodes every byte that is not unreserved, so any bytes at all can travel in a path or query.</summary>
    public static string Escape(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return text.ToString();
    }

    /// <summary>A path segment or query value: text as UTF-8, or bytes that are not UTF-8.</summary>
    public static readonly Gen<string> Segment = Gen.Frequency(
        (4, Text.Select(t => Escape(Encoding.UTF8.GetBytes(t)))),
        (1, Gen.Select(Text, Gen.OneOf(BadUtf8)).Select(p => Escape([.. Encoding.UTF8.GetBytes(p.Item1), .. p.Item2]))));

    /// <summary>
    /// A path segment. NUL is left out: the HTTP layer refuses it before the app (Kestrel with
    /// 400; the in-memory test server throws), which <c>RequestLineTests</c> check against Kestrel.
    /// </summary>
    public static readonly Gen<string> PathSegment = Segment.Select(s => s.Replace("%00", "", StringComparison.Ordinal));

    /// <summary>A header value: anything but the line breaks and NUL that HTTP framing itself forbids.</summary>
    public static readonly Gen<string> HeaderValue = Text.Select(t => new string([.. t.Where(c => c is not ('\r' or '\n' or '\0'))]));
}

/// <summary>A send body and the status the rules give it; <see cref="Field"/> is the field a 400 names, if any.</summary>
internal sealed record RuledSend(string What, string Json, int Status, string? Field)
{
    public override string ToString() => $"{What} → {Status}: {Json[..Math.Min(Json.Length, 200)]}";
}
