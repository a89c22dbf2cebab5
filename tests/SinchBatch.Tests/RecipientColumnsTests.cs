using SinchBatch.Recipients;
using Xunit;

namespace SinchBatch.Tests;

public class RecipientColumnsTests
{
    private static RecipientColumns Columns(params string[] placeholders) => new("phone", placeholders);

    [Fact]
    public void A_first_row_without_the_recipients_column_ends_the_command_listing_the_columns_it_has()
    {
        var ex = Assert.Throws<SinchBatchException>(() => Columns("name").CheckFirstRow(new[] { "Mobile", "name" }, "-IdentityProperty"));
        Assert.Equal("SinchBatch.MissingColumn", ex.ErrorId);
        Assert.Equal("The first row has no column 'phone' (the recipient, -IdentityProperty); it has only 'Mobile', 'name'. Nothing was sent.", ex.Message);
    }

    [Fact]
    public void A_first_row_without_a_placeholders_column_ends_the_command()
    {
        var ex = Assert.Throws<SinchBatchException>(() => Columns("name", "code").CheckFirstRow(new[] { "phone", "Name" }, "-IdentityProperty"));
        Assert.StartsWith("The first row has no column 'code' (for ${code});", ex.Message);
    }

    [Fact]
    public void Missing_placeholder_columns_are_allowed_with_AllowMissingParameter()
    {
        var columns = Columns("code");
        columns.AllowMissingParameters = true;
        Assert.Empty(columns.CheckFirstRow(new[] { "phone" }, "-IdentityProperty"));
    }

    [Theory]
    [InlineData("Mobile Phone;First Name;Code", "';'")]
    [InlineData("phone\tname", "\"`t\"")]
    [InlineData("Mobile Phone,First Name", "','")]
    public void One_column_whose_name_holds_a_delimiter_points_at_Delimiter(string column, string delimiter)
    {
        var ex = Assert.Throws<SinchBatchException>(() => Columns().CheckFirstRow(new[] { column }, "-IdentityProperty"));
        Assert.EndsWith($"the file looks separated by {delimiter}; read it with Import-Csv -Delimiter {delimiter}.", ex.Message);
    }

    [Fact]
    public void A_message_without_placeholders_over_rows_with_other_columns_warns_about_double_quotes()
    {
        string warning = Assert.Single(Columns().CheckFirstRow(new[] { "phone", "name" }, "-IdentityProperty"));
        Assert.Contains("the rows also hold name", warning);
        Assert.Contains("single quotes, 'Hi ${name}'", warning);
    }

    [Fact]
    public void No_warning_when_the_columns_are_named_as_parameters_or_metadata()
    {
        var columns = Columns();
        columns.MessageMetadata = new[] { "order" };
        Assert.Empty(columns.CheckFirstRow(new[] { "phone", "order" }, "-IdentityProperty"));
        columns.ParameterProperty = new[] { "*" };
        Assert.Empty(columns.CheckFirstRow(new[] { "phone", "order", "name" }, "-IdentityProperty"));
    }

    [Fact]
    public void Named_parameter_and_metadata_columns_the_first_row_lacks_are_warned_of_as_likely_misspellings()
    {
        var columns = Columns("name");
        columns.ParameterProperty = new[] { "mail", "code*" };
        columns.MessageMetadata = new[] { "reference" };
        columns.ConversationMetadata = new[] { "ref" };
        string warning = Assert.Single(columns.CheckFirstRow(new[] { "phone", "name", "email", "ref" }, "-IdentityProperty"));
        Assert.StartsWith("The first row has no column 'mail' (-ParameterProperty) and no column 'reference' (-MessageMetadataProperty);", warning);
        Assert.EndsWith("check the spelling.", warning);
    }

    [Fact]
    public void The_recipients_own_column_cannot_be_metadata()
    {
        var columns = Columns();
        columns.ConversationMetadata = new[] { "PHONE" };
        var ex = Assert.Throws<SinchBatchException>(() => columns.Validate("-IdentityProperty"));
        Assert.Equal("SinchBatch.RecipientInMetadata", ex.ErrorId);
        Assert.StartsWith("-ConversationMetadataProperty names 'phone'", ex.Message);
    }
}
