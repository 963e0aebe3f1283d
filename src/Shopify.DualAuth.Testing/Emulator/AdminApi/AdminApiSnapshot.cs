namespace Shopify.DualAuth.Testing.Emulator.AdminApi;

/// <summary>The shop data a query may read, copied under the emulator's lock.</summary>
internal sealed record AdminApiSnapshot(long ShopId, string ShopName, ShopDomain Domain, ScopeSet GrantedScopes);
