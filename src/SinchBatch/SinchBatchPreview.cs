namespace SinchBatch;

/// <summary>One recipient's message as Sinch would fill it in: what Send-SinchBatch -Preview writes, sending nothing.</summary>
public sealed class SinchBatchPreview
{
    /// <summary>The row's number in the input, counting refused rows too, as errors do.</summary>
    public long RowNumber { get; internal set; }

    /// <summary>The contact ID or channel identity the message goes to.</summary>
    public string Recipient { get; internal set; } = "";

    /// <summary>The text with every ${placeholder} filled in; for other message kinds, each string field filled in, one per line.</summary>
    public string Text { get; internal set; } = "";

    /// <summary>The whole AppMessage, filled in, as JSON.</summary>
    public string Message { get; internal set; } = "";

    /// <summary>GSM-7 or UCS-2, for an SMS text; null when the message goes on no SMS channel or is not a text.</summary>
    public string? SmsEncoding { get; internal set; }

    /// <summary>
    /// For a UCS-2 SMS, the first character that makes it so and where it is: "'–' (U+2013 EN DASH) in the message" or
    /// "'ł' (U+0142 LATIN SMALL LETTER L WITH STROKE) in column 'Vorname'"; null otherwise.
    /// </summary>
    public string? SmsEncodingReason { get; internal set; }

    /// <summary>How many SMS parts the text is billed as (160/153 GSM-7 characters, 70/67 UCS-2); null as for SmsEncoding.</summary>
    public int? SmsParts { get; internal set; }

    /// <summary>What looks wrong in the filled-in text (a U+FFFD from a lost encoding, a control character); null when nothing does.</summary>
    public string? Warning { get; internal set; }

    /// <summary>The preview as -WhatIf shows it, its recipient masked: the line lands in transcripts and job histories.</summary>
    public override string ToString() =>
        $"row {RowNumber} to {Recipients.IdentityMask.Of(Recipient)}: '{Text}'" + (SmsParts is { } parts ? $" ({SmsEncoding}{(SmsEncodingReason is { } reason ? " for " + reason : "")}, {Counted.Of(parts, "SMS part", "SMS parts")})" : "");
}
