using SinchBatch.Validation;
using Xunit;

namespace SinchBatch.Tests;

public class TtlParserTests
{
    [Theory]
    [InlineData("86400s", "86400s")]
    [InlineData("3s", "3s")]
    [InlineData("315576000000s", "315576000000s")]
    [InlineData(" 10s ", "10s")]
    [InlineData("15m", "900s")]
    [InlineData("24h", "86400s")]
    [InlineData("7d", "604800s")]
    [InlineData("10S", "10s")]
    public void A_string_with_a_unit_becomes_seconds(string given, string wire) => Assert.Equal(wire, TtlParser.Parse(given));

    [Fact]
    public void A_bare_number_is_refused_as_ambiguous_whether_integer_or_string()
    {
        foreach (object bare in new object[] { 10, 24, 315_576_000_000L, "10", " 24 " })
        {
            var refused = Assert.Throws<SinchBatchException>(() => TtlParser.Parse(bare));
            Assert.Equal(TtlParser.ErrorId, refused.ErrorId);
            Assert.Contains("'24h' or '86400s'", refused.Message);
        }
    }

    [Fact]
    public void A_timespan_of_whole_seconds_is_taken() => Assert.Equal("5400s", TtlParser.Parse(TimeSpan.FromMinutes(90)));

    [Theory]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("1.5s")]
    [InlineData("10 s")]
    [InlineData("10x")]
    [InlineData("2s")]
    [InlineData("315576000001s")]
    [InlineData("99999999999999999999s")]
    [InlineData("999999999999999d")]
    public void A_string_outside_the_form_or_range_is_refused(string given) =>
        Assert.Equal(TtlParser.ErrorId, Assert.Throws<SinchBatchException>(() => TtlParser.Parse(given)).ErrorId);

    [Fact]
    public void Other_values_are_refused()
    {
        Assert.Throws<SinchBatchException>(() => TtlParser.Parse("2s"));
        Assert.Throws<SinchBatchException>(() => TtlParser.Parse("-1s"));
        Assert.Throws<SinchBatchException>(() => TtlParser.Parse(TimeSpan.FromMilliseconds(3500)));
        Assert.Throws<SinchBatchException>(() => TtlParser.Parse(10.5));
        Assert.Throws<SinchBatchException>(() => TtlParser.Parse(null));
        Assert.Throws<SinchBatchException>(() => TtlParser.Parse(ulong.MaxValue));
        Assert.Contains("not a list", Assert.Throws<SinchBatchException>(() => TtlParser.Parse(new List<object> { 1, 2 })).Message);
    }
}
