using System.Text.Json;
using SinchBatch.Messages;
using Xunit;

namespace SinchBatch.Tests;

public class PlaceholderScannerTests
{
    [Fact]
    public void Finds_each_name_once_in_order_of_appearance()
    {
        using var json = JsonDocument.Parse("""{"text_message":{"text":"Hi ${name}, ${code} (${name})"}}""");
        Assert.Equal(new[] { "name", "code" }, PlaceholderScanner.Scan(json.RootElement));
    }

    [Fact]
    public void Looks_into_every_string_of_nested_objects_and_arrays()
    {
        using var json = JsonDocument.Parse("""
            {"carousel_message":{"cards":[{"title":"${a}","media":{"url":"https://x/${b}.png"}}],"choices":[{"text_message":{"text":"${c}"}}]},"n":5}
            """);
        Assert.Equal(new[] { "a", "b", "c" }, PlaceholderScanner.Scan(json.RootElement));
    }

    [Theory]
    [InlineData("no placeholders")]
    [InlineData("$name and {name}")]
    [InlineData("${}")]
    [InlineData("$ {name}")]
    public void Ignores_what_is_not_a_placeholder(string text)
    {
        var names = new List<string>();
        PlaceholderScanner.Scan(text, names);
        Assert.Empty(names);
    }

    [Fact]
    public void Takes_names_with_spaces_and_dots()
    {
        var names = new List<string>();
        PlaceholderScanner.Scan("${first name} ${order.id}", names);
        Assert.Equal(new[] { "first name", "order.id" }, names);
    }
}
