namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>The Shopify endpoints the emulator serves under each shop's base address.</summary>
public enum EmulatorEndpoint
{
    /// <summary><c>GET admin/oauth/authorize</c>.</summary>
    Authorize,

    /// <summary><c>POST admin/oauth/access_token</c>, every grant.</summary>
    AccessToken,

    /// <summary><c>POST admin/api/{version}/graphql.json</c>.</summary>
    GraphQL,
}
