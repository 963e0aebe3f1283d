using System.Text;

namespace Shopify.DualAuth.Testing.Emulator.Signing;

/// <summary>The <c>host</c> parameter Shopify adds to admin redirects (protocol §1.6).</summary>
internal static class AdminHost
{
    /// <summary>Base64 of <c>admin.shopify.com/store/{handle}</c> with the <c>=</c> padding stripped.</summary>
    public static string Encode(ShopDomain shop)
        => Convert.ToBase64String(Encoding.ASCII.GetBytes("admin.shopify.com/store/" + shop.Handle)).TrimEnd('=');
}
