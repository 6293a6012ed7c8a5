using System.Globalization;
using System.Text;
using CsCheck;

namespace Parley.Tests.Security;

/// <summary>
/// A body framed by hand with <c>Transfer-Encoding: chunked</c>: chunk sizes from one byte to
/// the whole body, sizes in upper or lower case or zero-padded, extensions, trailers, and
/// sometimes one defect. <see cref="BodyBytes"/> is the body's own length, framing left out.
/// </summary>
internal sealed record HostileFraming(byte[] Wire, int BodyBytes, string Damage)
{
    public const string None = "none";

    public bool IsWellFormed => Damage == None;

    public override string ToString() => $"{BodyBytes} body bytes in {Wire.Length} framed bytes, damage: {Damage}";

    /// <summary>A send body of a size around the 64 KiB limit or well under it, framed.</summary>
    public static readonly Gen<HostileFraming> Sends =
        from size in Gen.Frequency((3, Gen.Int[14, 3_000]), (1, Gen.Int[60_000, 70_000]), (2, Gen.Int[65_530, 65_542]))
        from sizes in Gen.Frequency((1, Gen.Int[1, 3]), (3, Gen.Int[4, 200]), (3, Gen.Int[200, 8_000]), (1, Gen.Int[8_000, 70_000])).Array[1, 3]
        from style in Gen.Int[0, 3]
        from trailer in Gen.Bool
        from damage in Gen.Frequency((3, Gen.Const(None)), (1, Gen.OneOf("overflow", "not hex", "bad suffix", "ends early")))
        from damageAt in Gen.Int[0, 1_000]
        from badSize in Gen.OneOf("FFFFFFFFFFFFFFFFFF", "80000000", "100000000", "7FFFFFFF0")
        from notHex in Gen.OneOf("zz", "-1", "0x10", " 5", "g", "1 0")
        select Frame(Padded(size), sizes, style, trailer, damage, damageAt, damage == "overflow" ? badSize : notHex);

    private static byte[] Padded(int size)
    {
        const string Json = """{"text": "hi"}""";
        return Encoding.ASCII.GetBytes(Json.Insert(1, new string(' ', size - Json.Length)));
    }

    private static HostileFraming Frame(byte[] body, int[] sizes, int style, bool trailer, string damage, int damageAt, string badSize)
    {
        // Extensions cost bytes per chunk; with tiny chunks they would pass the 1 MiB framing allowance.
        var extension = style == 3 && sizes.Min() >= 8 ? ";name=value" : "";
        var wire = new MemoryStream();
        var chunks = 0;
        for (var at = 0; at < body.Length; chunks++)
        {
            var size = Math.Min(sizes[chunks % sizes.Length], body.Length - at);
            var damaged = damage != None && chunks == damageAt % Math.Max(1, body.Length / sizes.Max());
            var hex = style switch
            {
                1 => size.ToString("X", CultureInfo.InvariantCulture),
                2 => size.ToString("x8", CultureInfo.InvariantCulture),
                _ => size.ToString("x", CultureInfo.InvariantCulture),
            };
            if (damaged && damage is "overflow" or "not hex")
            {
                hex = badSize;
            }

            wire.Write(Encoding.ASCII.GetBytes(hex + extension + "\r\n"));
            wire.Write(body, at, size);
            at += size;
            if (damaged && damage == "ends early")
            {
                return new HostileFraming(wire.ToArray(), body.Length, damage);
            }

            wire.Write(damaged && damage == "bad suffix" ? "XY"u8 : "\r\n"u8);
        }

        wire.Write(trailer ? "0\r\nX-Note: end\r\n\r\n"u8 : "0\r\n\r\n"u8);
        return new HostileFraming(wire.ToArray(), body.Length, damage);
    }
}
