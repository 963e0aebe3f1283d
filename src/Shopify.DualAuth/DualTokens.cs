namespace Shopify.DualAuth;

/// <summary>Both tokens an install produces: the shop's offline token and the installing user's online token.</summary>
/// <param name="Offline">The shop's offline token, for webhooks and background jobs.</param>
/// <param name="Online">The installing user's online token, for their identity and per-user UI.</param>
public sealed record DualTokens(OfflineToken Offline, OnlineToken Online)
{
    /// <summary>The shop's offline token, for webhooks and background jobs.</summary>
    public OfflineToken Offline
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Offline));
    } = Offline ?? throw new ArgumentNullException(nameof(Offline));

    /// <summary>The installing user's online token, for their identity and per-user UI.</summary>
    public OnlineToken Online
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Online));
    } = Online ?? throw new ArgumentNullException(nameof(Online));

    /// <summary>Describes both tokens without revealing either.</summary>
    /// <returns>The redacted descriptions of both tokens.</returns>
    public override string ToString() => $"DualTokens {{ Offline = {Offline}, Online = {Online} }}";
}
