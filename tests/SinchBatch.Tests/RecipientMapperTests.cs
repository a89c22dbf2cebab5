using System.Globalization;
using SinchBatch.Recipients;
using Xunit;

namespace SinchBatch.Tests;

public class RecipientMapperTests
{
    private static List<KeyValuePair<string, object?>> Row(params (string Name, object? Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, object?>(f.Name, f.Value)).ToList();

    private static RecipientMapper Mapper(
        string id = "contact_id", string[]? parameters = null, string[]? placeholders = null, bool allowMissing = false,
        string[]? messageMetadata = null, string[]? conversationMetadata = null, PhoneIdentities? phones = null) =>
        new(
            new RecipientColumns(id, placeholders ?? Array.Empty<string>())
            {
                ParameterProperty = parameters,
                AllowMissingParameters = allowMissing,
                MessageMetadata = messageMetadata ?? Array.Empty<string>(),
                ConversationMetadata = conversationMetadata ?? Array.Empty<string>(),
            },
            phones);

    [Fact]
    public void The_id_property_names_the_recipient_and_with_a_star_every_other_column_is_a_parameter_in_name_order()
    {
        Recipient r = Mapper(parameters: new[] { "*" }).Map(Row(("contact_id", "c-1"), ("name", "Ann"), ("code", 42)), 1);
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
    public void By_default_only_the_columns_the_placeholders_name_are_sent() =>
        Assert.Equal(
            new[] { KeyValuePair.Create("name", "Ann") },
            Mapper(placeholders: new[] { "name" }).Map(Row(("contact_id", "c"), ("name", "Ann"), ("national_id", "19800101-1234"), ("email", "a@b")), 1).Parameters);

    [Fact]
    public void Parameter_properties_take_wildcards_besides_the_placeholders() =>
        Assert.Equal(
            new[] { "code_a", "code_b", "name" },
            Mapper(parameters: new[] { "code_*" }, placeholders: new[] { "name" }).Map(Row(("contact_id", "c"), ("name", "Ann"), ("code_a", 1), ("code_b", 2), ("other", 3)), 1).Parameters.Select(p => p.Key));

    [Fact]
    public void Null_values_are_left_out() =>
        Assert.Empty(Mapper(parameters: new[] { "*" }).Map(Row(("contact_id", "c"), ("name", null)), 1).Parameters);

    [Fact]
    public void Metadata_columns_go_into_the_recipients_own_metadata_as_strings_under_their_own_names_and_not_into_its_parameters()
    {
        Recipient r = Mapper(parameters: new[] { "*" }, messageMetadata: new[] { "Order" }, conversationMetadata: new[] { "segment", "order" })
            .Map(Row(("contact_id", "c"), ("order", 17), ("segment", "gold"), ("name", "Ann")), 1);
        Assert.Equal(new[] { KeyValuePair.Create("name", "Ann") }, r.Parameters);
        Assert.Equal(new[] { KeyValuePair.Create("order", "17") }, r.MessageMetadata);
        Assert.Equal(new[] { KeyValuePair.Create("order", "17"), KeyValuePair.Create("segment", "gold") }, r.ConversationMetadata);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_or_empty_metadata_value_leaves_its_key_out(string? value) =>
        Assert.Empty(Mapper(messageMetadata: new[] { "order" }).Map(Row(("contact_id", "c"), ("order", value)), 1).MessageMetadata);

    [Fact]
    public void A_placeholder_that_names_a_metadata_column_is_still_filled()
    {
        Recipient r = Mapper(placeholders: new[] { "order" }, messageMetadata: new[] { "order" }).Map(Row(("contact_id", "c"), ("order", "17")), 1);
        Assert.Equal(new[] { KeyValuePair.Create("order", "17") }, r.Parameters);
        Assert.Equal(new[] { KeyValuePair.Create("order", "17") }, r.MessageMetadata);
    }

    [Theory]
    [InlineData("contact_id")]
    [InlineData("name")]
    [InlineData("order")]
    public void A_value_with_the_replacement_character_is_refused_naming_row_and_column(string column)
    {
        var row = Row(("contact_id", "c"), ("name", "Ann"), ("order", "1"));
        var fields = row.Select(f => f.Key == column ? KeyValuePair.Create(f.Key, (object?)"J\uFFFDrg") : f).ToList();
        var ex = Assert.Throws<SinchBatchException>(() => Mapper(placeholders: new[] { "name" }, messageMetadata: new[] { "order" }).Map(fields, 4));
        Assert.Equal("SinchBatch.UnreadableText", ex.ErrorId);
        Assert.StartsWith($"Row 4's '{column}' holds U+FFFD", ex.Message);
        Assert.Contains("Import-Csv -Encoding", ex.Message);
    }

    [Fact]
    public void Phone_identities_are_sent_in_E164() =>
        Assert.Equal("+46701234567", Mapper("phone", phones: new PhoneIdentities("SE")).Map(Row(("phone", "070-123 45 67")), 1).Id);

    [Fact]
    public void An_invalid_phone_identity_is_refused_naming_row_and_value()
    {
        var ex = Assert.Throws<SinchBatchException>(() => Mapper("phone", phones: new PhoneIdentities(null)).Map(Row(("phone", "+4670BAD")), 6));
        Assert.Equal("SinchBatch.InvalidPhoneNumber", ex.ErrorId);
        Assert.StartsWith("Row 6's identity +••••BAD cannot be read as a phone number", ex.Message);
    }

    [Fact]
    public void Values_become_invariant_strings()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("sv-SE");
            Recipient r = Mapper(parameters: new[] { "*" }).Map(Row(("contact_id", 7), ("amount", 1234.5m), ("ratio", 0.25d)), 1);
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
        Assert.Contains("Row 5 (•••) has no value for ${code}", ex.Message);
    }

    [Fact]
    public void Missing_placeholder_values_are_allowed_when_asked() =>
        Assert.Equal("c", Mapper(placeholders: new[] { "name" }, allowMissing: true).Map(Row(("contact_id", "c")), 1).Id);
}
