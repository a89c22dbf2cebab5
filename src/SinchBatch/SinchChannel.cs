namespace SinchBatch;

/// <summary>A Conversation API channel, spelt as the service spells it (PowerShell binds any case: -Channel sms).</summary>
public enum SinchChannel
{
    WHATSAPP,
    RCS,
    SMS,
    MESSENGER,
    VIBER,
    VIBERBM,
    MMS,
    INSTAGRAM,
    TELEGRAM,
    KAKAOTALK,
    KAKAOTALKCHAT,
    LINE,
    WECHAT,
    APPLEBC,
}
