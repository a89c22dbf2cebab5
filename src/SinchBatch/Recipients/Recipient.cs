using System.Collections.Generic;

namespace SinchBatch.Recipients;

/// <summary>One recipient_and_params entry: who receives the message, and the values for its placeholders.</summary>
internal sealed class Recipient
{
    public Recipient(string id, List<KeyValuePair<string, string>> parameters)
    {
        Id = id;
        Parameters = parameters;
    }

    /// <summary>The contact ID, or the channel identity (a phone number, a PSID, ...).</summary>
    public string Id { get; internal set; }

    public List<KeyValuePair<string, string>> Parameters { get; }
}
