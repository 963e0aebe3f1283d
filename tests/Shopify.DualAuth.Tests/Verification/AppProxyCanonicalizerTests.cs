using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests.Verification;

public class AppProxyCanonicalizerTests
{
    [Theory]
    [InlineData(
        "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb",
        "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555")]
    [InlineData(
        "extra=a%20b&logged_in_customer_id=&path_prefix=%2Fapps%2Fawesome_reviews&shop=shop-name.myshopify.com&timestamp=1317327555",
        "extra=a blogged_in_customer_id=path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555")]
    [InlineData("ids[]=2&ids[]=1&hmac=h&q=a%26b%3Dc", "hmac=hids[]=2,1q=a&b=c")]
    public void Message_is_sorted_decoded_pairs_with_no_separator(string rawQuery, string expected)
    {
        Assert.Equal(expected, CanonicalizerTestHelper.Message(rawQuery, AppProxyCanonicalizer.Write));
    }
}
