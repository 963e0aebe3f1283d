namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>The operations of <c>admin/oauth/access_token</c>, told apart by the fields of the request.</summary>
public enum EmulatorGrant
{
    /// <summary>A <c>code</c> from the authorize redirect.</summary>
    AuthorizationCode,

    /// <summary>Token exchange of a session token for an offline token.</summary>
    TokenExchangeOffline,

    /// <summary>Token exchange of a session token for an online token.</summary>
    TokenExchangeOnline,

    /// <summary>Token exchange of a non-expiring offline token for an expiring one.</summary>
    Migration,

    /// <summary><c>grant_type=refresh_token</c>.</summary>
    RefreshToken,

    /// <summary><c>grant_type=client_credentials</c>.</summary>
    ClientCredentials,
}
