using SinchBatch.Messages;
using Xunit;

namespace SinchBatch.Tests;

public class ExpandedTextTests
{
    [Theory]
    [InlineData("Hallo ${Vorname}, Ihr Vertrag läuft aus.", "'Hallo ${Vorname}, Ihr Vertrag läuft aus.'")]
    [InlineData("Hallo $Vorname, bis $vorname2", "'Hallo ${Vorname}, bis $vorname2'")]
    [InlineData("Hi $vorname! Don't wait", "'Hi ${Vorname}! Don''t wait'")]
    [InlineData("It’s ${VORNAME}", "'It’’s ${Vorname}'")]
    public void The_single_quoted_form_writes_each_column_variable_as_a_placeholder(string value, string expected) =>
        Assert.Equal(expected, ExpandedText.SingleQuoted(value, new[] { "Vorname" }));
}
