namespace SinchBatch.Messages;

/// <summary>How an SMS text is encoded on the air.</summary>
internal enum SmsEncoding
{
    Gsm7,
    Ucs2,
}
