namespace SinchBatch.Messages;

/// <summary>An SMS text's encoding, its length in that encoding's units, and the parts it is billed as.</summary>
internal readonly struct SmsCount
{
    public SmsCount(SmsEncoding encoding, int units, int parts)
    {
        Encoding = encoding;
        Units = units;
        Parts = parts;
    }

    public SmsEncoding Encoding { get; }

    /// <summary>GSM-7 septets (an extension character counts 2) or UTF-16 code units (a surrogate pair counts 2).</summary>
    public int Units { get; }

    public int Parts { get; }

    public override string ToString() => $"{Encoding}, {Units} units, {Parts} part(s)";
}
