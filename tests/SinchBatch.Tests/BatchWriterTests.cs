using System.Collections;
using System.Text.Json;
using SinchBatch.Checking;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using Xunit;
using SinchBatch.Batches;

namespace SinchBatch.Tests;

public class BatchWriterTests
{
    private static Recipient Recipient(string id, params (string Name, string Value)[] parameters) =>
        new(id, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)).ToList());

    private static string Write(BatchTemplate template, params Recipient[] recipients)
    {
        var batch = new Batch(new BatchWriter(template));
        batch.Start(1, null);
        foreach (Recipient r in recipients)
        {
            batch.Add(r);
        }

        ArraySegment<byte> body = batch.Close();
        return System.Text.Encoding.UTF8.GetString(body.Array!, body.Offset, body.Count);
    }

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement), actual);

    [Fact]
    public void A_contact_batch_with_only_the_required_fields()
    {
        var template = new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hello ${user}! Your code is ${code}") };

        string json = Write(template, Recipient("C1", ("user", "User 1"), ("code", "123")), Recipient("C2", ("user", "User 2"), ("code", "456")));

        AssertSameJson("""
            {
              "app_id": "app",
              "message": { "text_message": { "text": "Hello ${user}! Your code is ${code}" } },
              "recipient_and_params": [
                { "recipient": { "contact_id": "C1" }, "parameters": { "user": "User 1", "code": "123" } },
                { "recipient": { "contact_id": "C2" }, "parameters": { "user": "User 2", "code": "456" } }
              ]
            }
            """, json);
    }

    [Fact]
    public void A_channel_batch_with_every_batch_field()
    {
        var template = new BatchTemplate
        {
            AppId = "app",
            Message = AppMessage.From("""{"media_message":{"url":"https://x/a.png"}}"""),
            Channels = new[] { SinchChannel.WHATSAPP, SinchChannel.SMS },
            ProcessingStrategy = SinchProcessingStrategy.DispatchOnly,
            BatchMetadata = new Hashtable { ["campaign"] = "bf", ["wave"] = 2 },
            MessageMetadata = new Dictionary<string, object?> { ["nested"] = new Dictionary<string, object?> { ["n"] = 1.5, ["ok"] = true } },
            ConversationMetadata = new Dictionary<string, object?> { ["list"] = new List<object?> { "a", null } },
            SendAfter = new DateTime(2026, 11, 28, 12, 46, 59, DateTimeKind.Utc),
            ChannelPriorityOrder = new[] { SinchChannel.VIBERBM, SinchChannel.KAKAOTALKCHAT, SinchChannel.APPLEBC },
            Ttl = "86400s",
            ChannelProperties = new Hashtable { ["WHATSAPP_HEADER"] = "h" },
            CorrelationId = "corr",
            CallbackUrl = new Uri("https://example.com/cb"),
        };

        string json = Write(template, Recipient("+46701234561"));

        AssertSameJson("""
            {
              "app_id": "app",
              "message": { "media_message": { "url": "https://x/a.png" } },
              "recipient_and_params": [
                { "recipient": { "identified_by": { "channel_identities": [
                    { "channel": "WHATSAPP", "identity": "+46701234561" },
                    { "channel": "SMS", "identity": "+46701234561" } ] } } }
              ],
              "processing_strategy": "DISPATCH_ONLY",
              "batch_metadata": { "campaign": "bf", "wave": "2" },
              "message_metadata": { "nested": { "n": 1.5, "ok": true } },
              "conversation_metadata": { "list": [ "a", null ] },
              "send_after": "2026-11-28T12:46:59Z",
              "channel_priority_order": [ "VIBERBM", "KAKAOTALKCHAT", "APPLEBC" ],
              "ttl": "86400s",
              "channel_properties": { "WHATSAPP_HEADER": "h" },
              "correlation_id": "corr",
              "callback_url": "https://example.com/cb"
            }
            """, json);
    }

    [Fact]
    public void Text_outside_ascii_survives_and_stays_unescaped_where_json_allows()
    {
        var template = new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi") };

        string json = Write(template, Recipient("c", ("name", "Zoë 🎉 李伟 \"Jo\"\n")));

        Assert.Contains("Zoë", json);
        Assert.Contains("李伟", json);
        Assert.Contains("\\\"Jo\\\"\\n", json);
        Assert.Equal("Zoë 🎉 李伟 \"Jo\"\n", JsonDocument.Parse(json).RootElement.GetProperty("recipient_and_params")[0].GetProperty("parameters").GetProperty("name").GetString());
    }

    [Fact]
    public void A_reused_batch_starts_a_fresh_document()
    {
        var batch = new Batch(new BatchWriter(new BatchTemplate { AppId = "app", Message = AppMessage.FromText("Hi") }));
        batch.Start(1, null);
        batch.Add(Recipient("first"));
        batch.Close();
        batch.Start(1, null);
        batch.Add(Recipient("second"));
        ArraySegment<byte> body = batch.Close();

        JsonElement list = JsonDocument.Parse(body.AsMemory()).RootElement.GetProperty("recipient_and_params");
        Assert.Equal("second", Assert.Single(list.EnumerateArray()).GetProperty("recipient").GetProperty("contact_id").GetString());
    }
}
