using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using SinchBatch.Recipients;
using SinchBatch.Batches;

namespace SinchBatch.Checking;

/// <summary>
/// What the check phase leaves for the send phase, in a temporary file only the user can read (SpoolFile): every
/// batch whole, its request body as it goes on the wire and its rows for the error should it fail, and every refused
/// row with why. Memory stays flat however many rows pass. Written in one pass (Add, Refuse, Close), then read.
/// </summary>
internal sealed class Spool : IDisposable
{
    private readonly FileStream _file;
    private readonly Batch _filling;
    private readonly int _batchSize;
    private readonly string _runId;
    private readonly MemoryStream _rows = new();
    private readonly BinaryWriter _rowWriter;
    private readonly BinaryWriter _refusedWriter;
    private readonly RowRecords _records = new();
    private readonly List<SpooledBatch> _batches = new();
    private readonly List<long> _refusedAt = new();
    private bool _started;

    public Spool(BatchWriter writer, int batchSize, string runId)
    {
        _file = SpoolFile.Create();
        _filling = new Batch(writer);
        _batchSize = batchSize;
        _runId = runId;
        _rowWriter = new BinaryWriter(_rows, Encoding.UTF8, leaveOpen: true);
        _refusedWriter = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);
    }

    public IReadOnlyList<SpooledBatch> Batches => _batches;

    public RefusedRows Refused { get; } = new();

    public long Recipients { get; private set; }

    /// <summary>Adds a recipient and the row it came from (see RowReader.Held) to the batch being filled.</summary>
    [MethodImpl(HotPath.Optimize)]
    public void Add(Recipient recipient, object? row)
    {
        StartBatch();
        _filling.Add(recipient);
        _records.Write(_rowWriter, row);
        Recipients++;
        EndBatchWhenFull();
    }

    /// <summary>
    /// An excluded recipient takes its place in the batch being filled and its part in the digest, but is not sent, and
    /// its row is not kept: so the batches, and a campaign's digests, do not depend on the list, which grows between runs.
    /// </summary>
    public void Exclude(Recipient recipient)
    {
        StartBatch();
        _filling.Exclude(recipient);
        EndBatchWhenFull();
    }

    /// <summary>Keeps a refused row (see RowReader.Held) with its number and why.</summary>
    public void Refuse(object? row, long number, SinchBatchException why)
    {
        Refused.Add(number, why);
        _refusedAt.Add(_file.Position);
        _records.Write(_refusedWriter, row);
        _refusedWriter.Write(number);
        _refusedWriter.Write(why.ErrorId);
        _refusedWriter.Write(why.Message);
    }

    /// <summary>Ends the check phase: the last batch, partly filled, is spooled too.</summary>
    public void Close()
    {
        if (_started)
        {
            Spill();
        }

        _file.Flush();
    }

    /// <summary>The batch's request body, read into <paramref name="buffer"/> (grown when too small).</summary>
    public ArraySegment<byte> ReadBody(SpooledBatch batch, ref byte[] buffer)
    {
        if (buffer.Length < batch.BodyLength)
        {
            buffer = new byte[Math.Max(batch.BodyLength, buffer.Length * 2)];
        }

        ReadAt(batch.BodyAt, buffer, batch.BodyLength);
        return new ArraySegment<byte>(buffer, 0, batch.BodyLength);
    }

    /// <summary>The batch's rows as they came in; Import-Csv rows rebuilt as equal new objects.</summary>
    public object?[] ReadRows(SpooledBatch batch)
    {
        var bytes = new byte[batch.RowsLength];
        ReadAt(batch.RowsAt, bytes, bytes.Length);
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var rows = new object?[batch.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = _records.Read(reader);
        }

        return rows;
    }

    /// <summary>The refused rows in input order, at most <paramref name="max"/>: each row (as ReadRows gives it), its number and why.</summary>
    public IEnumerable<(object? Row, long Number, string ErrorId, string Reason)> ReadRefused(int max = int.MaxValue)
    {
        _file.Flush();
        for (int i = 0; i < _refusedAt.Count && i < max; i++)
        {
            _file.Position = _refusedAt[i];
            using var reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
            yield return (_records.Read(reader), reader.ReadInt64(), reader.ReadString(), reader.ReadString());
        }
    }

    public void Dispose()
    {
        _rowWriter.Dispose();
        _refusedWriter.Dispose();
        _file.Dispose();
    }

    [MethodImpl(HotPath.Optimize)]
    private void StartBatch()
    {
        if (!_started)
        {
            int number = _batches.Count + 1;
            _filling.Start(number, RequestIds.Of(_runId, number));
            _rows.SetLength(0);
            _started = true;
        }
    }

    [MethodImpl(HotPath.Optimize)]
    private void EndBatchWhenFull()
    {
        if (_filling.Count + _filling.Excluded == _batchSize)
        {
            Spill();
        }
    }

    /// <summary>Closes the batch being filled and appends its body, then its rows, to the file.</summary>
    private void Spill()
    {
        ArraySegment<byte> body = _filling.Close();
        long bodyAt = _file.Position;
        _file.Write(body.Array!, body.Offset, body.Count);
        _rowWriter.Flush();
        long rowsAt = _file.Position;
        _file.Write(_rows.GetBuffer(), 0, (int)_rows.Length);
        _batches.Add(new SpooledBatch(_filling.Number, _filling.Count, _filling.RequestId!, _filling.Digest, _filling.Excluded, bodyAt, body.Count, rowsAt, (int)_rows.Length));
        _started = false;
    }

    private void ReadAt(long position, byte[] buffer, int length)
    {
        _file.Flush();
        _file.Position = position;
        int read = 0;
        while (read < length)
        {
            int got = _file.Read(buffer, read, length - read);
            read += got > 0 ? got : throw new EndOfStreamException("The spool file ended early.");
        }
    }
}
