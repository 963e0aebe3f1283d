namespace Shopify.DualAuth.Tests;

public class ShopifyAppOptionsTests
{
    [Fact]
    public void Defaults_match_the_documented_policy()
    {
        var options = new ShopifyAppOptions();

        Assert.Equal("Shopify", ShopifyAppOptions.SectionName);
        Assert.Equal(string.Empty, options.ClientId);
        Assert.Equal(string.Empty, options.ClientSecret);
        Assert.Empty(options.PreviousClientSecrets);
        Assert.Equal(string.Empty, options.Scopes);
        Assert.True(options.ExpiringOfflineTokens);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RefreshBeforeExpiry);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ClockSkew);
        Assert.Equal(TimeSpan.FromSeconds(90), options.RequestMaxAge);
    }

    [Fact]
    public void GetRequiredScopes_parses_the_scope_string()
    {
        var options = new ShopifyAppOptions { Scopes = "write_products, read_orders" };

        Assert.Equal(ScopeSet.Parse("read_orders,write_products"), options.GetRequiredScopes());
        Assert.Same(ScopeSet.Empty, new ShopifyAppOptions().GetRequiredScopes());
        Assert.Throws<FormatException>(() => new ShopifyAppOptions { Scopes = "read products" }.GetRequiredScopes());
    }

    [Fact]
    public void ToString_never_reveals_a_secret()
    {
        var options = new ShopifyAppOptions
        {
            ClientId = "client-id-123",
            ClientSecret = "shpss_0123456789abcdefCURRENT",
            Scopes = "write_products",
        };
        options.PreviousClientSecrets.Add("shpss_0123456789abcdefPREVIOUS1");
        options.PreviousClientSecrets.Add("hush");

        var text = options.ToString();

        Assert.DoesNotContain("0123456789abcdef", text, StringComparison.Ordinal);
        Assert.DoesNotContain("shpss", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hush", text, StringComparison.Ordinal);
        Assert.Contains("ClientId = client-id-123", text, StringComparison.Ordinal);
        Assert.Contains("ClientSecret = ***", text, StringComparison.Ordinal);
        Assert.Contains("PreviousClientSecrets = 2", text, StringComparison.Ordinal);
        Assert.Contains("Scopes = write_products", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_says_when_the_secret_is_missing()
        => Assert.Contains("ClientSecret = <missing>", new ShopifyAppOptions().ToString(), StringComparison.Ordinal);
}
