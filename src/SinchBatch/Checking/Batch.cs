using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SinchBatch.Json;
using SinchBatch.Recipients;
using SinchBatch.Batches;

namespace SinchBatch.Checking;

/// <summary>
/// The request body of the batch being filled, written as recipients arrive; the spool takes it once it is whole
/// (Close) and starts the next in the same buffer. An excluded recipient (-ExcludeRecipient) is written too, so that
/// it keeps its part in the digest, and is cut out of the body once the digest is taken.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A MemoryStream and a JSON writer over it hold nothing but memory, which goes with the batch.")]
internal sealed class Batch
{
    private readonly MemoryStream _body = new();
    private readonly Utf8JsonWriter _writer;
    private readonly BatchWriter _template;
    private readonly List<(int Start, int End)> _excluded = new();
    private int _recipientsStart;

    public Batch(BatchWriter template)
    {
        _template = template;
        _writer = new Utf8JsonWriter(_body, JsonValueWriter.Options);
    }

    /// <summary>The recipients the body sends: those excluded are not among them.</summary>
    public int Count { get; private set; }

    /// <summary>The recipients excluded from the batch, which still count for its digest.</summary>
    public int Excluded => _excluded.Count;

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
        _excluded.Clear();
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

    /// <summary>Writes a recipient that is not sent, noting where its entry lies (with the comma before it) so Close can cut it out.</summary>
    public void Exclude(Recipient recipient)
    {
        int start = Written;
        _template.WriteRecipient(_writer, recipient);
        _excluded.Add((start, Written));
    }

    /// <summary>Closes the JSON document and returns it; the batch takes no more recipients until Start.</summary>
    public ArraySegment<byte> Close()
    {
        BatchWriter.EndRecipients(_writer);
        Digest = _template.Digest?.Of(new ArraySegment<byte>(_body.GetBuffer(), _recipientsStart, (int)_body.Length - _recipientsStart));
        if (_excluded.Count > 0)
        {
            CutExcluded();
        }

        _template.End(_writer, RequestId, Number, Digest, Count);
        return Body;
    }

    /// <summary>Where the writer is in the body, flushed or not.</summary>
    private int Written => (int)(_writer.BytesCommitted + _writer.BytesPending);

    /// <summary>Moves the sent entries over the excluded ones; the writer goes on at the body's new end.</summary>
    private void CutExcluded()
    {
        byte[] body = _body.GetBuffer();
        int to = _excluded[0].Start;
        for (int i = 0; i < _excluded.Count; i++)
        {
            int from = _excluded[i].End;
            int until = i + 1 < _excluded.Count ? _excluded[i + 1].Start : (int)_body.Length;
            Buffer.BlockCopy(body, from, body, to, until - from);
            to += until - from;
        }

        // Every entry after the first starts with a comma: when the first was cut, the one now first loses its comma.
        if (body[_recipientsStart] == (byte)',')
        {
            Buffer.BlockCopy(body, _recipientsStart + 1, body, _recipientsStart, to - _recipientsStart - 1);
            to--;
        }

        _body.SetLength(to);
        _body.Position = to;
    }
}
