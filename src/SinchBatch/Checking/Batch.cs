using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SinchBatch.Json;
using SinchBatch.Recipients;

namespace SinchBatch.Checking;

/// <summary>
/// The request body of the batch being filled, written as recipients arrive; the spool takes it once it is whole
/// (Close) and starts the next in the same buffer.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A MemoryStream and a JSON writer over it hold nothing but memory, which goes with the batch.")]
internal sealed class Batch
{
    private readonly MemoryStream _body = new();
    private readonly Utf8JsonWriter _writer;
    private readonly BatchWriter _template;
    private int _recipientsStart;

    public Batch(BatchWriter template)
    {
        _template = template;
        _writer = new Utf8JsonWriter(_body, JsonValueWriter.Options);
    }

    public int Count { get; private set; }

    /// <summary>1-based number of the batch within one Send-SinchBatch command.</summary>
    public int Number { get; private set; }

    /// <summary>Names the batch's request in its batch metadata (see RequestIds); null for none.</summary>
    public string? RequestId { get; private set; }

    /// <summary>What the batch holds, for a campaign (see BatchDigest); set by Close, null without a campaign.</summary>
    public string? Digest { get; private set; }

    /// <summary>The request body; whole once Close has run.</summary>
    public ArraySegment<byte> Body => new(_body.GetBuffer(), 0, (int)_body.Length);

    /// <summary>Empties the batch and starts its body anew, under a new number and request ID.</summary>
    public void Start(int number, string? requestId)
    {
        Number = number;
        RequestId = requestId;
        _body.SetLength(0);
        _writer.Reset(_body);
        Count = 0;
        Digest = null;
        _template.Begin(_writer);
        _writer.Flush();
        _recipientsStart = (int)_body.Length;
    }

    [MethodImpl(HotPath.Optimize)]
    public void Add(Recipient recipient)
    {
        _template.WriteRecipient(_writer, recipient);
        Count++;
    }

    /// <summary>Closes the JSON document and returns it; the batch takes no more recipients until Start.</summary>
    public ArraySegment<byte> Close()
    {
        BatchWriter.EndRecipients(_writer);
        Digest = _template.Digest?.Of(new ArraySegment<byte>(_body.GetBuffer(), _recipientsStart, (int)_body.Length - _recipientsStart));
        _template.End(_writer, RequestId, Number, Digest);
        return Body;
    }
}
