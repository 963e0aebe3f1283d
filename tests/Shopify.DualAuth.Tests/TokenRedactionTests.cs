namespace Shopify.DualAuth.Tests;

public class TokenRedactionTests
{
    [Theory]
    [InlineData("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", "shpat_***")]
    [InlineData("shpua_0a1b2c3d4e5f60718293a4b5c6d7e8f9", "shpua_***")]
    [InlineData("shprt_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", "shprt_***")]
    [InlineData("shpca_0123456789", "shpca_***")]
    [InlineData("shppa_0123456789", "shppa_***")]
    public void Keeps_only_Shopify_type_prefixes(string token, string expected)
        => Assert.Equal(expected, TokenRedaction.Redact(token));

    [Theory]
    [InlineData("f85632530bf277ec9ac6f649fc327f17")]
    [InlineData("abcde_0123456789")]
    [InlineData("Ab_cdefghijk")]
    [InlineData("SHPAT_0123456789")]
    [InlineData("shp_0123456789")]
    [InlineData("shpat-0123456789")]
    [InlineData("shpat_")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.sig")]
    public void Hides_every_other_token_completely(string token)
        => Assert.Equal("***", TokenRedaction.Redact(token));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Says_when_there_is_no_token(string? token)
        => Assert.Equal("<none>", TokenRedaction.Redact(token));
}
