using System.Collections.Generic;

namespace SinchBatch.Recipients;

/// <summary>One recipient_and_params entry: who receives the message, the values for its placeholders, and its own metadata.</summary>
internal sealed class Recipient
{
    public Recipient()
    {
    }

    public Recipient(string id, List<KeyValuePair<string, string>> parameters)
    {
        Id = id;
        Parameters = parameters;
    }

    /// <summary>The contact ID, or the channel identity (a phone number in E.164, a PSID, ...).</summary>
    public string Id { get; internal set; } = "";

    public List<KeyValuePair<string, string>> Parameters { get; } = new();

    public List<KeyValuePair<string, string>> MessageMetadata { get; } = new();

    public List<KeyValuePair<string, string>> ConversationMetadata { get; } = new();

    internal void Clear()
    {
        Parameters.Clear();
        MessageMetadata.Clear();
        ConversationMetadata.Clear();
    }
}
