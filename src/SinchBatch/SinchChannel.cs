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

/// <summary>Overrides the app's processing mode for one batch.</summary>
public enum SinchProcessingStrategy
{
    Default,
    DispatchOnly,
}

/// <summary>The Sinch region whose batch host a request goes to.</summary>
public enum SinchRegion
{
    US,
    EU,
    BR,
}

internal static class WireNames
{
    public static string Of(SinchChannel channel) => channel.ToString();

    public static string Of(SinchProcessingStrategy strategy) =>
        strategy == SinchProcessingStrategy.DispatchOnly ? "DISPATCH_ONLY" : "DEFAULT";
}
