using System.Collections;
using Xunit;
using SinchBatch.Commands;

namespace SinchBatch.Tests;

public class MetadataFilterTests
{
    [Fact]
    public void One_pair_is_the_filter()
    {
        MetadataFilter filter = MetadataFilter.From(new Hashtable { ["campaign"] = "bf" });
        Assert.Equal(("campaign", "bf"), (filter.Key, filter.Value));
    }

    [Fact]
    public void A_value_becomes_an_invariant_string() => Assert.Equal("1.5", MetadataFilter.From(new Hashtable { ["wave"] = 1.5 }).Value);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Any_other_number_of_pairs_is_refused(int pairs)
    {
        var map = new Hashtable();
        for (int i = 0; i < pairs; i++)
        {
            map["k" + i] = "v";
        }

        Assert.Equal("SinchBatch.InvalidMetadataFilter", Assert.Throws<SinchBatchException>(() => MetadataFilter.From(map)).ErrorId);
    }

    [Fact]
    public void An_empty_key_is_refused() =>
        Assert.Equal("SinchBatch.InvalidMetadataFilter", Assert.Throws<SinchBatchException>(() => MetadataFilter.From(new Hashtable { [""] = "v" })).ErrorId);
}
