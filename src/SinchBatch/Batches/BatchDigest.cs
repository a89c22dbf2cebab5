using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SinchBatch.Json;
using SinchBatch.Messages;

namespace SinchBatch.Batches;

/// <summary>
/// Names what a batch holds: the app that sends it, the message and its recipient entries (recipients,
/// parameters, per-recipient data) exactly as written on the wire, which is culture-free. The schedule and the batch metadata are left
/// out, so a re-run an hour later with a later -SendAfter is still the same campaign.
/// SHA-256, of which the first 128 bits in hex.
/// </summary>
internal sealed class BatchDigest
{
    private readonly byte[] _sender;

    public BatchDigest(string appId, AppMessage message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonValueWriter.Options))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(appId);
            message.Json.WriteTo(writer);
            writer.WriteEndArray();
        }

        _sender = buffer.ToArray();
    }

    /// <param name="recipients">The request body's recipient_and_params array, as written.</param>
    public string Of(ArraySegment<byte> recipients)
    {
        using SHA256 sha = SHA256.Create();
        sha.TransformBlock(_sender, 0, _sender.Length, null, 0);
        sha.TransformFinalBlock(recipients.Array!, recipients.Offset, recipients.Count);
        var hex = new StringBuilder(32);
        for (int i = 0; i < 16; i++)
        {
            hex.Append(sha.Hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
