using System.Globalization;
using System.Text.Json;
using Parley.Http;

namespace Parley.Tests.Http;

public sealed class UtcMillisecondsConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcMillisecondsConverter() } };

    [Theory]
    [InlineData("2026-11-26T21:05:07.123+00:00", "2026-11-26T21:05:07.123Z")]
    [InlineData("2026-01-02T03:04:05.006+00:00", "2026-01-02T03:04:05.006Z")]
    [InlineData("2026-12-31T23:30:00.999-01:00", "2027-01-01T00:30:00.999Z")]
    [InlineData("0001-01-01T00:00:00.000+00:00", "0001-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999+00:00", "9999-12-31T23:59:59.999Z")]
    public void TimesAreWrittenAsUtcWithMilliseconds(string time, string expected) =>
        Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(DateTimeOffset.Parse(time, CultureInfo.InvariantCulture), Options));

    [Fact]
    public void EveryMillisecondOfRandomTimesMatchesTheRfc3339Format()
    {
        var random = new Random(20261127);
        for (var i = 0; i < 10_000; i++)
        {
            var time = DateTimeOffset.FromUnixTimeMilliseconds(random.NextInt64(0, 253_402_300_799_999));
            var expected = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(time, Options));
        }
    }
}
