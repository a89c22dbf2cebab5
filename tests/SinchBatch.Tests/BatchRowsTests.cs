using System.Collections;
using System.Management.Automation;
using SinchBatch.Input;
using SinchBatch.Sending;
using Xunit;

namespace SinchBatch.Tests;

public class BatchRowsTests
{
    private static readonly RowShape Csv = new(new[] { "contact_id", "name", "code" }, RowShape.PlainTypeNames);

    private static RowValues Values(RowShape shape, params string?[] values)
    {
        var row = new RowValues(shape);
        values.CopyTo(row.Values, 0);
        return row;
    }

    private static List<(string Name, object? Value)> Properties(object? row) =>
        ((PSObject)row!).Properties.Select(p => (p.Name, (object?)p.Value)).ToList();

    [Fact]
    public void A_row_kept_as_text_comes_back_with_its_properties_in_order_and_its_values()
    {
        var rows = new BatchRows();
        rows.Add(Values(Csv, "c-1", "Ann, the first", ""));
        rows.Add(Values(Csv, "c-2", null, "7"));

        object?[] back = rows.ToArray();

        Assert.Equal(new[] { ("contact_id", (object?)"c-1"), ("name", "Ann, the first"), ("code", "") }, Properties(back[0]));
        Assert.Equal(new[] { ("contact_id", (object?)"c-2"), ("name", null), ("code", "7") }, Properties(back[1]));
        Assert.IsType<PSCustomObject>(((PSObject)back[0]!).BaseObject);
        Assert.Equal(RowShape.PlainTypeNames, ((PSObject)back[0]!).TypeNames);
    }

    [Fact]
    public void A_row_kept_as_text_keeps_the_type_names_of_its_shape()
    {
        var typed = new RowShape(new[] { "contact_id" }, new[] { "Customer", "CSV:Customer" });
        var rows = new BatchRows();
        rows.Add(Values(typed, "c-1"));

        Assert.Equal(new[] { "Customer", "CSV:Customer" }, ((PSObject)rows.ToArray()[0]!).TypeNames);
    }

    [Fact]
    public void Rows_of_other_shapes_and_rows_kept_whole_come_back_in_input_order()
    {
        var other = new RowShape(new[] { "phone" }, RowShape.PlainTypeNames);
        var hashtable = new Hashtable { ["contact_id"] = "c-2" };
        var rows = new BatchRows();
        rows.Add(Values(Csv, "c-1", "Ann", "1"));
        rows.Add(hashtable);
        rows.Add(Values(other, "+46701234567"));
        rows.Add(null);

        object?[] back = rows.ToArray();

        Assert.Equal(4, back.Length);
        Assert.Equal("c-1", Properties(back[0])[0].Value);
        Assert.Same(hashtable, back[1]);
        Assert.Equal(new[] { ("phone", (object?)"+46701234567") }, Properties(back[2]));
        Assert.Null(back[3]);
    }

    [Fact]
    public void The_values_are_copied_as_they_are_added_so_the_readers_reused_values_can_change()
    {
        var rows = new BatchRows();
        RowValues reused = Values(Csv, "c-1", "Ann", "1");
        rows.Add(reused);
        reused.Values[1] = "Bo";
        rows.Add(reused);

        object?[] back = rows.ToArray();

        Assert.Equal("Ann", Properties(back[0])[1].Value);
        Assert.Equal("Bo", Properties(back[1])[1].Value);
    }

    [Fact]
    public void Cleared_it_holds_nothing_and_takes_more_text_than_its_first_buffer()
    {
        var rows = new BatchRows();
        rows.Add(Values(Csv, "c-0", "old", "0"));
        rows.Clear();
        string longName = new('x', 10_000);
        for (int i = 0; i < 100; i++)
        {
            rows.Add(Values(Csv, "c-" + i, longName, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        object?[] back = rows.ToArray();

        Assert.Equal(100, rows.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => "c-" + i), back.Select(row => Properties(row)[0].Value));
        Assert.All(back, row => Assert.Equal(longName, Properties(row)[1].Value));
    }
}
