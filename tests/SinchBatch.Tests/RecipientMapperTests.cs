using System.Globalization;
using SinchBatch.Recipients;
using Xunit;

namespace SinchBatch.Tests;

public class RecipientMapperTests
{
    private static IReadOnlyList<KeyValuePair<string, object?>> Row(params (string Name, object? Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, object?>(f.Name, f.Value)).ToList();

    private static RecipientMapper Mapper(string id = "contact_id", string[]? parameters = null, string[]? placeholders = null, bool allowMissing = false) =>
        new(id, parameters, placeholders ?? Array.Empty<string>(), allowMissing);

    [Fact]
    public void The_id_property_names_the_recipient_and_the_rest_become_parameters_in_name_order()
    {
        Recipient r = Mapper().Map(Row(("contact_id", "c-1"), ("name", "Ann"), ("code", 42)), 1);
        Assert.Equal("c-1", r.Id);
        Assert.Equal(new[] { KeyValuePair.Create("code", "42"), KeyValuePair.Create("name", "Ann") }, r.Parameters);
    }

    [Fact]
    public void Property_names_match_without_regard_to_case() =>
        Assert.Equal("+46", Mapper("Phone").Map(Row(("PHONE", "+46")), 1).Id);

    [Fact]
    public void Only_the_named_parameter_properties_are_sent() =>
        Assert.Equal(new[] { KeyValuePair.Create("name", "Ann") }, Mapper(parameters: new[] { "NAME" }).Map(Row(("contact_id", "c"), ("name", "Ann"), ("x", "y")), 1).Parameters);

    [Fact]
    public void Null_values_are_left_out() =>
        Assert.Empty(Mapper().Map(Row(("contact_id", "c"), ("name", null)), 1).Parameters);

    [Fact]
    public void Values_become_invariant_strings()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("sv-SE");
            Recipient r = Mapper().Map(Row(("contact_id", 7), ("amount", 1234.5m), ("ratio", 0.25d)), 1);
            Assert.Equal("7", r.Id);
            Assert.Equal(new[] { "1234.5", "0.25" }, r.Parameters.Select(p => p.Value));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_column_fills_a_placeholder_spelt_differently_under_the_placeholder_name() =>
        Assert.Equal("name", Mapper(placeholders: new[] { "name" }).Map(Row(("contact_id", "c"), ("Name", "Ann")), 1).Parameters[0].Key);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_row_with_an_empty_recipient_is_refused(string? id)
    {
        var ex = Assert.Throws<SinchBatchException>(() => Mapper().Map(Row(("contact_id", id), ("name", "Ann")), 3));
        Assert.Equal("SinchBatch.MissingRecipient", ex.ErrorId);
        Assert.StartsWith("Row 3 has an empty 'contact_id'", ex.Message);
    }

    [Fact]
    public void A_row_without_the_recipient_property_is_refused()
    {
        var ex = Assert.Throws<SinchBatchException>(() => Mapper("phone").Map(Row(("name", "Ann")), 9));
        Assert.Equal("SinchBatch.MissingRecipient", ex.ErrorId);
        Assert.StartsWith("Row 9 has no 'phone' property", ex.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_row_without_a_value_for_a_placeholder_is_refused_naming_row_and_placeholder(string? code)
    {
        var ex = Assert.Throws<SinchBatchException>(() =>
            Mapper(placeholders: new[] { "name", "code" }).Map(Row(("contact_id", "c-5"), ("name", "Ann"), ("code", code)), 5));
        Assert.Equal("SinchBatch.MissingParameter", ex.ErrorId);
        Assert.Contains("Row 5 ('c-5') has no value for ${code}", ex.Message);
    }

    [Fact]
    public void Missing_placeholder_values_are_allowed_when_asked() =>
        Assert.Equal("c", Mapper(placeholders: new[] { "name" }, allowMissing: true).Map(Row(("contact_id", "c")), 1).Id);
}
