namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>An expiring offline access token and the refresh token issued with it.</summary>
internal sealed record IssuedPair(AccessTokenRecord Access, RefreshTokenRecord Refresh);
