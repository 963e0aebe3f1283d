namespace Shopify.DualAuth.Testing.Emulator.Hosting;

/// <summary>Where a request is going: the shop it addresses and the endpoint it names.</summary>
/// <param name="Shop">The shop from the <c>/shops/{shop}/</c> prefix or a <c>*.myshopify.com</c> host.</param>
/// <param name="Endpoint">The endpoint, or <see langword="null"/> for an unknown path.</param>
/// <param name="Method">The method the endpoint answers.</param>
internal readonly record struct EmulatorRoute(ShopDomain? Shop, EmulatorEndpoint? Endpoint, string? Method);
