namespace SinchBatch;

/// <summary>A Conversation API channel. The wire name is the member name in upper case.</summary>
public enum SinchChannel
{
    WhatsApp,
    Rcs,
    Sms,
    Messenger,
    Viber,
    ViberBM,
    Mms,
    Instagram,
    Telegram,
    KakaoTalk,
    KakaoTalkChat,
    Line,
    WeChat,
    AppleBC,
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
    public static string Of(SinchChannel channel) => channel.ToString().ToUpperInvariant();

    public static string Of(SinchProcessingStrategy strategy) =>
        strategy == SinchProcessingStrategy.DispatchOnly ? "DISPATCH_ONLY" : "DEFAULT";
}
