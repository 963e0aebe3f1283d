namespace Shopify.DualAuth.Tests;

public class ShopDomainTests
{
    [Theory]
    [InlineData("example.myshopify.com")]
    [InlineData("EXAMPLE.MyShopify.Com")]
    [InlineData("https://example.myshopify.com")]
    [InlineData("https://example.myshopify.com/")]
    [InlineData("admin.shopify.com/store/example")]
    [InlineData("https://admin.shopify.com/store/example/")]
    public void Accepts_every_documented_form_and_canonicalises_it(string input)
    {
        Assert.True(ShopDomain.TryParse(input, out var shop));
        Assert.Equal("example.myshopify.com", shop.Value);
        Assert.Equal("example", shop.Handle);
    }

    [Theory]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ", "new-danoja.myshopify.com")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvemwtMDMwNDExMjE", "zl-03041121.myshopify.com")]
    public void TryParseHost_decodes_the_protocol_vectors(string host, string expected)
    {
        Assert.True(ShopDomain.TryParseHost(host, out var shop));
        Assert.Equal(expected, shop.Value);
    }
}
