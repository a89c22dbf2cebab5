using SinchBatch.Messages;
using Xunit;

namespace SinchBatch.Tests;

public class AppMessageTests
{
    [Fact]
    public void Text_becomes_a_text_message()
    {
        AppMessage message = AppMessage.FromText("Hi ${name}");
        Assert.Equal("""{"text_message":{"text":"Hi ${name}"}}""", message.Json.GetRawText());
        Assert.Equal(new[] { "name" }, message.Placeholders);
    }

    [Fact]
    public void Every_kind_is_taken_from_a_plain_tree()
    {
        foreach (string kind in AppMessage.Kinds)
        {
            var tree = new Dictionary<string, object?> { [kind] = new Dictionary<string, object?> { ["text"] = "${t}" } };
            AppMessage message = AppMessage.From(tree);
            Assert.Equal(kind, message.Json.EnumerateObject().Single().Name);
            Assert.Equal(new[] { "t" }, message.Placeholders);
        }
    }

    [Fact]
    public void A_kind_may_stand_beside_the_known_companion_fields() =>
        Assert.NotNull(AppMessage.From("""{"text_message":{"text":"a"},"explicit_channel_message":{"WHATSAPP":"{}"}}"""));

    [Theory]
    [InlineData("{}", "SinchBatch.MessageKindMissing")]
    [InlineData("[]", "SinchBatch.MessageKindMissing")]
    [InlineData("\"text\"", "SinchBatch.MessageKindMissing")]
    [InlineData("""{"text_message":{"text":"a"},"card_message":{}}""", "SinchBatch.MessageKindAmbiguous")]
    [InlineData("""{"sms_message":{"text":"a"}}""", "SinchBatch.MessageKindUnknown")]
    [InlineData("""{"Text_Message":{"text":"a"}}""", "SinchBatch.MessageKindUnknown")]
    [InlineData("""{"text_message":""", "SinchBatch.MessageInvalidJson")]
    [InlineData("not json", "SinchBatch.MessageInvalidJson")]
    [InlineData("""{"text_message":"hi"}""", "SinchBatch.InvalidMessage")]
    [InlineData("""{"text_message":{}}""", "SinchBatch.EmptyText")]
    [InlineData("""{"text_message":{"text":""}}""", "SinchBatch.EmptyText")]
    public void A_message_that_is_not_one_AppMessage_is_refused(string json, string errorId) =>
        Assert.Equal(errorId, Assert.Throws<SinchBatchException>(() => AppMessage.From(json)).ErrorId);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Empty_text_is_refused(string? text) =>
        Assert.Equal("SinchBatch.EmptyText", Assert.Throws<SinchBatchException>(() => AppMessage.FromText(text)).ErrorId);
}
