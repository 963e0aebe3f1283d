namespace Shopify.DualAuth.Tests;

public class SmokeTests
{
    [Fact]
    public void Works() => Assert.Equal("", new ShopDomain().Value);
}
