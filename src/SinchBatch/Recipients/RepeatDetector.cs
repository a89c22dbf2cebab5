using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SinchBatch.Recipients;

/// <summary>
/// Remembers each recipient of a command by a 64-bit hash, and no strings. The hashes are kept in the order
/// they came, in blocks that never move (8 bytes a recipient); an open addressing table of their positions
/// (4 bytes a slot, 3/8 to 3/4 full) finds them; a recipient's row is its position plus the rows refused before
/// it, which only rows that were not remembered change. So a million recipients take 13 to 19 MB, and growing
/// copies only the table. Two different recipients share a hash with a chance of
/// about n²/2⁶⁵: one in 37 million for a million recipients. Such a false repeat is reported as a
/// DuplicateRecipient like a true one, never sent silently.
/// </summary>
internal sealed class RepeatDetector
{
    private const int BlockSize = 4096; // 48 KB a block: small enough to stay off the large object heap
    private const uint Empty = 0;

    private readonly List<ulong[]> _hashes = new();

    // From each of these positions on, a remembered recipient's row is its position + the offset beside it.
    private readonly List<int> _offsetFrom = new();
    private readonly List<long> _offset = new();
    private uint[] _slots = new uint[1024]; // position + 1 of a remembered recipient; 0 for none
    private int _count;

    /// <summary>Remembers the row's recipient; throws DuplicateRecipient, naming both rows, if an earlier row had it.</summary>
    [MethodImpl(HotPath.Optimize)]
    public void Check(string recipient, long row)
    {
        if (EarlierRow(recipient, row) is var earlier and > 0)
        {
            throw new SinchBatchException(
                "SinchBatch.DuplicateRecipient",
                SinchErrorCategory.InvalidData,
                $"Row {row} has the same recipient as row {earlier}, {IdentityMask.Of(recipient)}, so the row was not sent: nobody gets a message twice by accident. "
                    + "To send repeats, use -AllowDuplicateRecipient.");
        }
    }

    /// <summary>The row that had this recipient before, or 0 when this is its first row (which is then remembered).</summary>
    [MethodImpl(HotPath.Optimize)]
    public long EarlierRow(string recipient, long row)
    {
        ulong hash = Hash(recipient);
        int mask = _slots.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            uint slot = _slots[i];
            if (slot == Empty)
            {
                _slots[i] = Remember(hash, row);
                if (_count > _slots.Length / 4 * 3)
                {
                    Grow();
                }

                return 0;
            }

            int position = (int)slot - 1;
            if (_hashes[position / BlockSize][position % BlockSize] == hash)
            {
                return RowAt(position);
            }
        }
    }

    /// <summary>FNV-1a over the UTF-16 code units, then mixed (SplitMix64's finaliser) so the low bits index well.</summary>
    [MethodImpl(HotPath.Optimize)]
    internal static ulong Hash(string value)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in value)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EB;
        return hash ^ (hash >> 31);
    }

    /// <summary>Appends the recipient; its position + 1, for the table.</summary>
    private uint Remember(ulong hash, long row)
    {
        if (_count % BlockSize == 0)
        {
            _hashes.Add(new ulong[BlockSize]);
        }

        if (_offset.Count == 0 || row - _count != _offset[_offset.Count - 1])
        {
            _offsetFrom.Add(_count);
            _offset.Add(row - _count);
        }

        _hashes[_count / BlockSize][_count % BlockSize] = hash;
        return (uint)++_count;
    }

    private long RowAt(int position)
    {
        int found = _offsetFrom.BinarySearch(position);
        return position + _offset[found >= 0 ? found : ~found - 1];
    }

    private void Grow()
    {
        _slots = new uint[_slots.Length * 2];
        int mask = _slots.Length - 1;
        for (int position = 0; position < _count; position++)
        {
            int i = (int)_hashes[position / BlockSize][position % BlockSize] & mask;
            while (_slots[i] != Empty)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = (uint)position + 1;
        }
    }
}
