using System.Text;
using System.Text.Json;
using SinchBatch.Checking;
using SinchBatch.Messages;
using SinchBatch.Recipients;
using SinchBatch.Batches;

namespace SinchBatch.Tests;

/// <summary>Spools as the check phase fills them, for the tests of the spool and of what sends it.</summary>
internal static class Spools
{
    /// <summary>The run every spool here names its requests after: "run-1", "run-2", ...</summary>
    public const string Run = "run";

    public static BatchTemplate Template(string? campaignId = null) =>
        new() { AppId = "app", Message = AppMessage.FromText("Hi ${name}"), CampaignId = campaignId };

    public static Spool New(int batchSize = 1000, string? campaignId = null) => new(new BatchWriter(Template(campaignId)), batchSize, Run);

    /// <summary>Recipient C{i}, whose name is N{i}.</summary>
    public static Recipient Recipient(int i) => new("C" + i, new List<KeyValuePair<string, string>> { new("name", "N" + i) });

    /// <summary>A spool of recipients C1 to C{count}, each row a hashtable naming its recipient, closed.</summary>
    public static Spool Filled(int count, int batchSize)
    {
        Spool spool = New(batchSize);
        for (int i = 1; i <= count; i++)
        {
            spool.Add(Recipient(i), new System.Collections.Hashtable { ["contact_id"] = "C" + i });
        }

        spool.Close();
        return spool;
    }

    /// <summary>The batch's request body as read back, parsed.</summary>
    public static JsonElement Body(Spool spool, SpooledBatch batch)
    {
        // Smaller than any body, so the spool must grow it.
        byte[] buffer = new byte[16];
        ArraySegment<byte> body = spool.ReadBody(batch, ref buffer);
        return JsonDocument.Parse(body.AsMemory()).RootElement.Clone();
    }

    public static string[] ContactIds(JsonElement body) =>
        body.GetProperty("recipient_and_params").EnumerateArray().Select(r => r.GetProperty("recipient").GetProperty("contact_id").GetString()!).ToArray();

    /// <summary>The request ID a request body carries in its batch metadata.</summary>
    public static string RequestIdOf(ArraySegment<byte> body) =>
        JsonDocument.Parse(body.AsMemory()).RootElement.GetProperty("batch_metadata").GetProperty("sinchbatch_request_id").GetString()!;

    public static string Text(ArraySegment<byte> body) => Encoding.UTF8.GetString(body.Array!, body.Offset, body.Count);
}
