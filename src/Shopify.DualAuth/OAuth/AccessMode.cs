namespace Shopify.DualAuth.OAuth;

/// <summary>Which kind of access token an authorization or token exchange asks for.</summary>
public enum AccessMode
{
    /// <summary>The shop's offline token, independent of any user (webhooks, background jobs).</summary>
    Offline = 0,

    /// <summary>A per-user online token that carries the staff user's identity and permissions.</summary>
    Online = 1,
}
