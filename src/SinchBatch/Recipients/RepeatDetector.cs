using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SinchBatch.Recipients;

/// <summary>
/// Remembers each recipient of a command by a 64-bit hash and the row it came in (12 bytes), in an open
/// addressing table between 3/8 and 3/4 full, so a million recipients take 16 to 32 MB and no strings are
/// kept. Two different recipients share a hash with a chance of about n²/2⁶⁵: one in 37 million for a million
/// recipients. Such a false repeat is reported as a DuplicateRecipient like a true one, never sent silently.
/// </summary>
internal sealed class RepeatDetector
{
    private const double MaxLoad = 0.75;
    private Entry[] _entries = new Entry[1024];
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
                $"Row {row} has the same recipient as row {earlier}, '{recipient}', so the row was not sent: nobody gets a message twice by accident. "
                    + "To send repeats, use -AllowDuplicateRecipient.");
        }
    }

    /// <summary>The row that had this recipient before, or 0 when this is its first row (which is then remembered).</summary>
    [MethodImpl(HotPath.Optimize)]
    public long EarlierRow(string recipient, long row)
    {
        ulong hash = Hash(recipient);
        int mask = _entries.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ref Entry entry = ref _entries[i];
            if (entry.Hash == hash)
            {
                return entry.Row;
            }

            if (entry.Hash == 0)
            {
                entry = new Entry(hash, (uint)Math.Min(row, uint.MaxValue));
                if (++_count > _entries.Length * MaxLoad)
                {
                    Grow();
                }

                return 0;
            }
        }
    }

    /// <summary>FNV-1a over the UTF-16 code units, then mixed (SplitMix64's finaliser) so the low bits index well; 0 marks an empty slot.</summary>
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
        hash ^= hash >> 31;
        return hash == 0 ? 1 : hash;
    }

    private void Grow()
    {
        Entry[] old = _entries;
        _entries = new Entry[old.Length * 2];
        int mask = _entries.Length - 1;
        foreach (Entry entry in old)
        {
            if (entry.Hash != 0)
            {
                int i = (int)entry.Hash & mask;
                while (_entries[i].Hash != 0)
                {
                    i = (i + 1) & mask;
                }

                _entries[i] = entry;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly struct Entry
    {
        public Entry(ulong hash, uint row)
        {
            Hash = hash;
            Row = row;
        }

        public ulong Hash { get; }

        public uint Row { get; }
    }
}
