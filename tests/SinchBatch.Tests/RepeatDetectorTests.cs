using System.Globalization;
using SinchBatch.Recipients;
using Xunit;

namespace SinchBatch.Tests;

public class RepeatDetectorTests
{
    [Fact]
    public void A_repeat_names_the_row_that_had_the_recipient_first()
    {
        var repeats = new RepeatDetector();
        Assert.Equal(0, repeats.EarlierRow("+46701234567", 1));
        Assert.Equal(0, repeats.EarlierRow("+46701234568", 2));
        Assert.Equal(1, repeats.EarlierRow("+46701234567", 3));
        Assert.Equal(2, repeats.EarlierRow("+46701234568", 4));
    }

    [Fact]
    public void Check_refuses_a_repeat_naming_both_rows()
    {
        var repeats = new RepeatDetector();
        repeats.Check("c-1", 7);
        var ex = Assert.Throws<SinchBatchException>(() => repeats.Check("c-1", 40));
        Assert.Equal("SinchBatch.DuplicateRecipient", ex.ErrorId);
        Assert.StartsWith("Row 40 has the same recipient as row 7, •••,", ex.Message);
        Assert.Contains("-AllowDuplicateRecipient", ex.Message);
    }

    [Fact]
    public void Recipients_are_told_apart_exactly_across_growth_of_the_table()
    {
        var repeats = new RepeatDetector();
        for (int i = 1; i <= 200_000; i++)
        {
            Assert.Equal(0, repeats.EarlierRow("+467" + i.ToString("D8", CultureInfo.InvariantCulture), i));
        }

        for (int i = 1; i <= 200_000; i += 997)
        {
            Assert.Equal(i, repeats.EarlierRow("+467" + i.ToString("D8", CultureInfo.InvariantCulture), 300_000));
        }
    }

    [Fact]
    public void Contact_ids_differing_only_in_case_are_different_recipients()
    {
        var repeats = new RepeatDetector();
        Assert.Equal(0, repeats.EarlierRow("01GCA8RWNW", 1));
        Assert.Equal(0, repeats.EarlierRow("01gca8rwnw", 2));
    }
}

public class RepeatDetectorRowTests
{
    [Fact]
    public void Names_the_right_earlier_row_when_rows_between_were_not_remembered()
    {
        var repeats = new RepeatDetector();
        long[] rows = { 1, 2, 5, 6, 7, 20, 21, 4000, 4001, 4002 };
        foreach (long row in rows)
        {
            Assert.Equal(0, repeats.EarlierRow("r" + row, row));
        }

        foreach (long row in rows)
        {
            Assert.Equal(row, repeats.EarlierRow("r" + row, 9999));
        }
    }
}
