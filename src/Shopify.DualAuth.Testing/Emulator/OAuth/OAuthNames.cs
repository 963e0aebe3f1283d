namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>The URNs and values of the token endpoint (protocol §3.4, §3.6, §4.1, §9.4).</summary>
internal static class OAuthNames
{
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string IdToken = "urn:ietf:params:oauth:token-type:id_token";
    public const string OfflineAccessToken = "urn:shopify:params:oauth:token-type:offline-access-token";
    public const string OnlineAccessToken = "urn:shopify:params:oauth:token-type:online-access-token";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";
    public const string AuthorizationCode = "authorization_code";
    public const string PerUser = "per-user";
}
