namespace Shopify.DualAuth.Testing.Emulator.Signing;

/// <summary>The claims of one admin session token, already resolved to concrete values.</summary>
internal sealed record SessionTokenClaims(
    ShopDomain Shop,
    long UserId,
    string Audience,
    DateTimeOffset IssuedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset ExpiresAt,
    string TokenId,
    string SessionId);
