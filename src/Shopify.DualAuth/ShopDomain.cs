namespace Shopify.DualAuth;

/// <summary>x</summary>
public sealed class ShopDomain
{
    /// <summary>x</summary>
    public string Value { get; } = "";
}
