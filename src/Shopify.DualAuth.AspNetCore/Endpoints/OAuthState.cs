using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.AspNetCore.Endpoints;

/// <summary>What the state cookie of one authorization holds: the nonce, and what the callback must find.</summary>
/// <param name="State">The nonce sent as <c>state</c>.</param>
/// <param name="Shop">The shop being authorized.</param>
/// <param name="Mode">Which token the authorization asks for.</param>
/// <param name="ReturnUrl">The local address to send the user to after signing in, if any.</param>
/// <param name="ExpiresAt">When the cookie stops being accepted.</param>
internal sealed record OAuthState(string State, ShopDomain Shop, AccessMode Mode, string? ReturnUrl, DateTimeOffset ExpiresAt);
