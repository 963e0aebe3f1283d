namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>The answer shapes of protocol §2.1, as Shopify sends them.</summary>
internal static class ShopifyResponses
{
    public const string NonExpiringOffline = """
        {"access_token":"f85632530bf277ec9ac6f649fc327f17","scope":"write_orders,read_customers"}
        """;

    public const string ExpiringOffline = """
        {"access_token":"shpat_expiring0123456789abcdef0123","scope":"write_orders,read_customers","expires_in":3600,
         "refresh_token":"shprt_rotated0123456789abcdef01234","refresh_token_expires_in":7776000}
        """;

    // The user ID is above 2^31, as real ones are (a live session token had sub = 40620294219).
    public const string Online = """
        {"access_token":"shpua_online0123456789abcdef012345","scope":"write_orders,read_customers","expires_in":86399,
         "associated_user_scope":"write_orders",
         "associated_user":{"id":40620294219,"first_name":"John","last_name":"Smith","email":"john@example.com",
           "email_verified":true,"account_owner":true,"locale":"en","collaborator":false}}
        """;

    public const string ClientCredentials = """
        {"access_token":"shpat_credentials0123456789abcdef0","scope":"read_products","expires_in":86399}
        """;

    public const string ExpiringAccessToken = "shpat_expiring0123456789abcdef0123";
    public const string RotatedRefreshToken = "shprt_rotated0123456789abcdef01234";
    public const string OnlineAccessToken = "shpua_online0123456789abcdef012345";
}
