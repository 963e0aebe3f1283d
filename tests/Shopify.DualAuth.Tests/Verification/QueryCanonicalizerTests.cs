using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

public class QueryCanonicalizerTests
{
    [Theory]
    [InlineData(
        "code=0907a61c0c8d55e99db179b68161bc00&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173",
        "code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173")]
    [InlineData(
        "timestamp=1337178173&shop=some-shop.myshopify.com&hmac=4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20&code=0907a61c0c8d55e99db179b68161bc00",
        "code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&timestamp=1337178173")]
    [InlineData("c%3D3%26d=4&a=1%26b%3D2", "a=1%26b=2&c%3D3%26d=4")]
    [InlineData("ids[]=2&x=%22q%22&ids%5B%5D=1&ids[]=a%22b%5Cc", "ids=[\"2\", \"1\", \"a\\\"b\\\\c\"]&x=\"q\"")]
    [InlineData("tag=b&tag=a&signature=s&hmac=h", "tag=b,a")]
    [InlineData("p=100%25+sure&q=a%3Db", "p=100%25 sure&q=a=b")]
    [InlineData("a-b=1&a=2", "a-b=1&a=2")]
    [InlineData("", "")]
    public void Legacy_message_follows_the_documented_scheme(string rawQuery, string expected)
    {
        Assert.Equal(expected, CanonicalizerTestHelper.Message(rawQuery, QueryCanonicalizer.WriteLegacy));
    }

    [Theory]
    [InlineData(
        "code=some+code+goes+here&shop=the+shop+URL&state=some+nonce+passed+from+auth&timestamp=1700000000&hmac=10207991f5c2c65c114b70a3c3544ce1d00a236ea4ab034793de0d6407be9165",
        "code=some%20code%20goes%20here&shop=the%20shop%20URL&state=some%20nonce%20passed%20from%20auth&timestamp=1700000000")]
    [InlineData("b=x%2By&a=%C3%A9*-._~!", "a=%C3%A9*-._%7E%21&b=x%2By")]
    [InlineData("ids[]=2&ids[]=1&ids=0", "ids=0&ids%5B%5D=2&ids%5B%5D=1")]
    [InlineData("tag=b&tag=a", "tag=b%2Ca")]
    public void Form_encoded_message_follows_shopify_app_js(string rawQuery, string expected)
    {
        Assert.Equal(expected, CanonicalizerTestHelper.Message(rawQuery, QueryCanonicalizer.WriteFormEncoded));
    }
}
