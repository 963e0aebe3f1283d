using Shopify.DualAuth.Testing.Emulator.Signing;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator;

public sealed partial class ShopifyEmulator
{
    /// <summary>
    /// Mints the session token App Bridge would hand the app for <paramref name="userId"/> in
    /// <paramref name="shop"/>: HS256 with the client secret, claims <c>iss, dest, aud, sub, exp, nbf, iat, jti, sid</c>.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <param name="userId">The staff user (<c>sub</c>); not checked here, so negative tests can name a stranger.</param>
    /// <param name="lifetime">60 seconds unless set.</param>
    /// <returns>The compact JWT.</returns>
    /// <remarks>
    /// The emulator judges the session tokens it receives on its own clock, without leeway: a token
    /// is current while <c>nbf &lt;= now &lt; exp</c>.
    /// </remarks>
    public string MintSessionToken(ShopDomain shop, long userId, TimeSpan? lifetime = null)
        => MintSessionToken(new SessionTokenDescriptor { Shop = shop, UserId = userId, Lifetime = lifetime });

    /// <summary>Mints a session token with any claim overridden, for negative tests.</summary>
    /// <param name="descriptor">The token's contents; unset members take Shopify's values.</param>
    /// <returns>The compact JWT.</returns>
    public string MintSessionToken(SessionTokenDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(descriptor.Shop);
        var issuedAt = descriptor.IssuedAt ?? _state.Now;
        var claims = new SessionTokenClaims(
            descriptor.Shop,
            descriptor.UserId,
            descriptor.Audience ?? _state.ClientId,
            issuedAt,
            issuedAt,
            issuedAt + (descriptor.Lifetime ?? TokenLifetimes.SessionToken),
            descriptor.TokenId ?? _state.Generator.Guid().ToString(),
            descriptor.SessionId ?? SessionId(descriptor.Shop, descriptor.UserId));
        return SessionTokenWriter.Write(claims, descriptor.SigningSecret ?? _state.ClientSecret);
    }

    /// <summary>
    /// Signs admin query parameters as Shopify does (protocol §1.5) and returns the query string,
    /// parameters URL-encoded in the order given, <c>hmac</c> last, without a leading <c>?</c>.
    /// </summary>
    /// <param name="parameters">The parameters, decoded; an <c>hmac</c> among them is replaced.</param>
    /// <returns>For example <c>shop=example.myshopify.com&amp;timestamp=...&amp;hmac=...</c>.</returns>
    public string SignQuery(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.Where(p => !string.Equals(p.Key, "hmac", StringComparison.Ordinal)).ToList();
        list.Add(new("hmac", ComputeQueryHmac(list)));
        return Encode(list);
    }

    /// <summary>The hex <c>hmac</c> Shopify would put on these admin query parameters.</summary>
    /// <param name="parameters">The decoded parameters; an <c>hmac</c> among them is ignored.</param>
    /// <returns>Lower-case hex HMAC-SHA256 keyed with the client secret.</returns>
    public string ComputeQueryHmac(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return QueryHmac.Compute(_state.ClientSecret, parameters);
    }

    /// <summary>
    /// The signed query Shopify sends to the app URL when a merchant installs or opens a
    /// non-embedded app: <c>host, shop, timestamp, hmac</c>.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <returns>The query string, without a leading <c>?</c>.</returns>
    public string CreateInstallQuery(ShopDomain shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return SignQuery([new("host", AdminHost.Encode(shop)), new("shop", shop.Value), new("timestamp", UnixTime.Text(_state.Now))]);
    }

    /// <summary>
    /// The signed query of an embedded app's document load (protocol §1.2): <c>embedded=1, host,
    /// id_token, locale, session, shop, timestamp, hmac</c>, with a fresh session token.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <param name="userId">The staff user; the shop's signed-in user unless set.</param>
    /// <returns>The query string, without a leading <c>?</c>.</returns>
    public string CreateAppLoadQuery(ShopDomain shop, long? userId = null)
    {
        var emulated = GetShop(shop);
        EmulatedUser user;
        lock (_state.Gate)
        {
            user = userId is { } id
                ? emulated.FindUserUnlocked(id) ?? throw new ArgumentException($"The shop {shop} has no such user.", nameof(userId))
                : emulated.SignedInUserUnlocked;
        }

        return SignQuery(
        [
            new("embedded", "1"),
            new("host", AdminHost.Encode(shop)),
            new("id_token", MintSessionToken(shop, user.Id)),
            new("locale", user.Locale),
            new("session", SessionId(shop, user.Id)),
            new("shop", shop.Value),
            new("timestamp", UnixTime.Text(_state.Now)),
        ]);
    }

    /// <summary>
    /// The query Shopify appends when it forwards a storefront request to the app proxy (protocol §7):
    /// the extra parameters, then <c>logged_in_customer_id</c> (empty when nobody is logged in),
    /// <c>path_prefix</c>, <c>shop</c>, <c>timestamp</c> and the hex <c>signature</c>.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <param name="pathPrefix">The proxied prefix, for example <c>/apps/reviews</c>.</param>
    /// <param name="loggedInCustomerId">The customer id, or <see langword="null"/> when nobody is logged in.</param>
    /// <param name="extra">The storefront request's own query parameters, repeated keys allowed.</param>
    /// <returns>The query string, without a leading <c>?</c>.</returns>
    public string SignAppProxyQuery(ShopDomain shop, string pathPrefix, string? loggedInCustomerId = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentException.ThrowIfNullOrEmpty(pathPrefix);
        var list = (extra ?? []).ToList();
        list.Add(new("logged_in_customer_id", loggedInCustomerId ?? string.Empty));
        list.Add(new("path_prefix", pathPrefix));
        list.Add(new("shop", shop.Value));
        list.Add(new("timestamp", UnixTime.Text(_state.Now)));
        list.Add(new("signature", ComputeAppProxySignature(list)));
        return Encode(list);
    }

    /// <summary>The hex <c>signature</c> Shopify would put on these app-proxy parameters.</summary>
    /// <param name="parameters">The decoded parameters; a <c>signature</c> among them is ignored.</param>
    /// <returns>Lower-case hex HMAC-SHA256 keyed with the client secret.</returns>
    public string ComputeAppProxySignature(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return AppProxySignature.Compute(_state.ClientSecret, parameters);
    }

    /// <summary>The <c>X-Shopify-Hmac-Sha256</c> of a webhook body: base64 HMAC-SHA256 of the exact bytes.</summary>
    /// <param name="body">The raw body.</param>
    /// <returns>The base64 signature.</returns>
    public string SignWebhook(ReadOnlySpan<byte> body) => WebhookSignature.Compute(_state.ClientSecret, body);

    private static string Encode(List<KeyValuePair<string, string>> parameters)
        => string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private string SessionId(ShopDomain shop, long userId)
    {
        lock (_state.Gate)
        {
            if (!_state.SessionIds.TryGetValue((shop, userId), out var sid))
            {
                _state.SessionIds[(shop, userId)] = sid = _state.Generator.Hex(32);
            }

            return sid;
        }
    }
}
