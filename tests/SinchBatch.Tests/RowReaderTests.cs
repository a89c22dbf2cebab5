using System.Collections;
using System.Management.Automation;
using SinchBatch.Input;
using Xunit;

namespace SinchBatch.Tests;

public class RowReaderTests
{
    private static PSObject Row(params (string Name, object? Value)[] properties)
    {
        var row = new PSObject();
        foreach ((string name, object? value) in properties)
        {
            row.Properties.Add(new PSNoteProperty(name, value));
        }

        return row;
    }

    /// <summary>Reads the rows as Send-SinchBatch does and returns what a batch would keep of each.</summary>
    private static List<object> Held(RowReader reader, params object[] rows) =>
        rows.Select(row =>
        {
            reader.Read(row);
            return reader.Held(row);
        }).ToList();

    [Fact]
    public void Rows_of_note_properties_holding_text_are_kept_as_their_values_under_the_columns_of_the_first()
    {
        var reader = new RowReader(new[] { "contact_id" }, readAll: false);
        PSObject first = Row(("contact_id", "c-1"), ("name", "Ann"), ("code", null));
        PSObject second = Row(("contact_id", "c-2"), ("name", "Bo"), ("code", "7"));

        reader.Read(first);
        var held = Assert.IsType<RowValues>(reader.Held(first));
        Assert.Equal(new[] { "contact_id", "name", "code" }, held.Shape.Names);
        Assert.Equal(new object?[] { "c-1", "Ann", null }, held.Values);

        reader.Read(second);
        Assert.Same(held, reader.Held(second));
        Assert.Equal(new object?[] { "c-2", "Bo", "7" }, held.Values);
    }

    [Fact]
    public void A_row_that_lacks_a_column_of_the_rows_before_it_is_read_under_its_own_columns()
    {
        var reader = new RowReader(new[] { "contact_id" }, readAll: false);
        PSObject shorter = Row(("contact_id", "c-2"), ("name", "Bo"));

        List<object> held = Held(reader, Row(("contact_id", "c-1"), ("name", "Ann"), ("code", "1")), shorter);

        Assert.Equal(new[] { "contact_id", "name" }, Assert.IsType<RowValues>(held[1]).Shape.Names);
        Assert.Equal(new object?[] { "c-2", "Bo" }, ((RowValues)held[1]).Values);
    }

    [Fact]
    public void A_row_after_one_without_properties_is_read_under_its_own_columns()
    {
        var reader = new RowReader(new[] { "contact_id" }, readAll: false);

        List<object> held = Held(reader, Row(), Row(("contact_id", "c-1")));

        Assert.Equal(new[] { "contact_id" }, Assert.IsType<RowValues>(held[1]).Shape.Names);
    }

    [Fact]
    public void A_row_with_a_value_that_is_not_text_is_kept_whole()
    {
        var reader = new RowReader(new[] { "contact_id" }, readAll: false);
        PSObject numbered = Row(("contact_id", "c-2"), ("count", 3));

        List<object> held = Held(reader, Row(("contact_id", "c-1"), ("count", "2")), numbered);

        Assert.IsType<RowValues>(held[0]);
        Assert.Same(numbered, held[1]);
    }

    [Fact]
    public void A_row_with_a_named_column_the_first_rows_lacked_is_kept_whole()
    {
        var reader = new RowReader(new[] { "contact_id", "region" }, readAll: false);
        PSObject wider = Row(("contact_id", "c-2"), ("region", "EU"));

        List<object> held = Held(reader, Row(("contact_id", "c-1")), wider);

        Assert.IsType<RowValues>(held[0]);
        Assert.Same(wider, held[1]);
    }

    [Fact]
    public void Hashtables_other_objects_and_rows_with_other_kinds_of_property_are_kept_whole()
    {
        var reader = new RowReader(new[] { "contact_id" }, readAll: false);
        var hashtable = new Hashtable { ["contact_id"] = "c-1" };
        var other = new Version(1, 2);
        PSObject scripted = Row(("contact_id", "c-3"));
        scripted.Properties.Add(new PSAliasProperty("id", "contact_id"));

        List<object> held = Held(reader, hashtable, other, scripted);

        Assert.Same(hashtable, held[0]);
        Assert.Same(other, PowerShellValues.Unwrap(held[1]));
        Assert.Same(scripted, held[2]);
    }

    [Fact]
    public void A_row_is_held_whole_when_asked_about_another_row_than_the_one_read_last()
    {
        var reader = new RowReader(new[] { "contact_id" }, readAll: false);
        PSObject read = Row(("contact_id", "c-1"));
        PSObject other = Row(("contact_id", "c-2"));

        reader.Read(read);

        Assert.Same(other, reader.Held(other));
    }

    [Fact]
    public void The_fields_read_are_the_named_columns_under_their_names_or_every_column()
    {
        PSObject row = Row(("Contact_Id", "c-1"), ("name", "Ann"), ("phone", null));

        Assert.Equal(new[] { KeyValuePair.Create("contact_id", (object?)"c-1") }, new RowReader(new[] { "contact_id", "phone" }, readAll: false).Read(row));
        Assert.Equal(
            new[] { KeyValuePair.Create("Contact_Id", (object?)"c-1"), KeyValuePair.Create("name", (object?)"Ann"), KeyValuePair.Create("phone", (object?)null) },
            new RowReader(new[] { "contact_id" }, readAll: true).Read(row));
    }
}
