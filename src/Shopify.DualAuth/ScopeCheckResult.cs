namespace Shopify.DualAuth;

/// <summary>
/// Whether the scopes a shop granted still cover the ones the app requires
/// (<see cref="ShopifyAppOptions.Scopes"/>), as <see cref="IShopifyTokens.CheckScopesAsync"/> reports it.
/// </summary>
/// <remarks>
/// Missing scopes do not stop the offline token from working for what was granted; they mean the app
/// must ask the merchant again: App Bridge's scope request for an embedded app with Shopify-managed
/// installation, or an authorize URL with the scopes (the code grant).
/// </remarks>
public sealed class ScopeCheckResult
{
    /// <summary>Compares the granted scopes with the required ones.</summary>
    /// <param name="shop">The shop.</param>
    /// <param name="required">The scopes the app requires.</param>
    /// <param name="granted">The scopes the shop granted.</param>
    public ScopeCheckResult(ShopDomain shop, ScopeSet required, ScopeSet granted)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(granted);
        Shop = shop;
        Required = required;
        Granted = granted;
        Missing = granted.Missing(required);
    }

    /// <summary>The shop.</summary>
    public ShopDomain Shop { get; }

    /// <summary>The scopes the app requires.</summary>
    public ScopeSet Required { get; }

    /// <summary>The scopes the shop granted, as stored with its offline token.</summary>
    public ScopeSet Granted { get; }

    /// <summary>The required scopes the grant does not cover (<c>write_x</c> covers <c>read_x</c>).</summary>
    public ScopeSet Missing { get; }

    /// <summary>Whether the merchant must grant more scopes: <see cref="Missing"/> is not empty.</summary>
    public bool RequiresReauthorization => Missing.Count > 0;

    /// <summary>Describes the result.</summary>
    /// <returns>The shop and the missing scopes.</returns>
    public override string ToString() => $"ScopeCheckResult {{ Shop = {Shop}, Missing = {(Missing.Count == 0 ? "none" : Missing.ToString())} }}";
}
