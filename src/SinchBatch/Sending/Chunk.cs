using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text.Json;
using SinchBatch.Json;
using SinchBatch.Recipients;
using System.Runtime.CompilerServices;

namespace SinchBatch.Sending;

/// <summary>
/// One request's worth of recipients: the JSON body written as rows arrive, and the rows
/// themselves, so a failure can hand exactly them back. Reused once its request is done.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A MemoryStream and a JSON writer over it hold nothing but memory, which goes with the chunk.")]
internal sealed class Chunk
{
    private readonly MemoryStream _body = new();
    private readonly Utf8JsonWriter _writer;
    private readonly BatchWriter _batch;
    private readonly List<object?> _rows = new();
    private int _recipientsStart;

    public Chunk(BatchWriter batch)
    {
        _batch = batch;
        _writer = new Utf8JsonWriter(_body, JsonValueWriter.Options);
    }

    public int Count { get; private set; }

    /// <summary>1-based number of the chunk within one Send-SinchBatch call.</summary>
    public int Number { get; set; }

    /// <summary>Names the request in its batch metadata; null for none.</summary>
    public string? RequestId { get; set; }

    /// <summary>What the batch holds, for a campaign (see BatchDigest); set by Finish, null without a campaign.</summary>
    public string? Digest { get; private set; }

    public IReadOnlyList<object?> Rows => _rows;

    [MethodImpl(HotPath.Optimize)]
    public void Add(Recipient recipient, object? row)
    {
        _batch.WriteRecipient(_writer, recipient);
        _rows.Add(row);
        Count++;
    }

    /// <summary>
    /// Once the batch is accepted its rows are never needed again: letting them go as the answer arrives,
    /// not when the pipeline thread next looks, means fewer rows outlive a garbage collection.
    /// </summary>
    public void Accepted() => _rows.Clear();

    /// <summary>The request body; whole once Finish has run.</summary>
    public ArraySegment<byte> Body => new(_body.GetBuffer(), 0, (int)_body.Length);

    /// <summary>Closes the JSON document; the chunk takes no more rows until Reset.</summary>
    public ArraySegment<byte> Finish()
    {
        BatchWriter.EndRecipients(_writer);
        Digest = _batch.Digest?.Of(new ArraySegment<byte>(_body.GetBuffer(), _recipientsStart, (int)_body.Length - _recipientsStart));
        _batch.End(_writer, RequestId, Number, Digest);
        return Body;
    }

    /// <summary>Empties the chunk and starts a new request body.</summary>
    public void Reset()
    {
        _body.SetLength(0);
        _writer.Reset(_body);
        _rows.Clear();
        Count = 0;
        _batch.Begin(_writer);
        _writer.Flush();
        _recipientsStart = (int)_body.Length;
    }
}
