using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.AspNetCore.Endpoints;

/// <summary>
/// The OAuth state cookie: a random nonce with the shop, the access mode and the return address,
/// encrypted and signed with Data Protection, <c>HttpOnly</c>, <c>Secure</c>, <c>SameSite=Lax</c>,
/// scoped to the callback path, accepted for <see cref="ShopifyAspNetCoreOptions.StateLifetime"/>
/// and deleted by the first callback that reads it.
/// </summary>
internal sealed class OAuthStateCookie(IDataProtectionProvider dataProtection, TimeProvider time, IOptionsMonitor<ShopifyAspNetCoreOptions> options)
{
    public const string Purpose = "Shopify.DualAuth.AspNetCore.OAuthState.v1";
    private const byte FormatVersion = 1;

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    /// <summary>Issues a new state for <paramref name="shop"/> and sets its cookie; returns the nonce to send.</summary>
    public string Issue(HttpContext context, ShopDomain shop, AccessMode mode, string? returnUrl)
    {
        var app = options.CurrentValue;

        // 32 random bytes as 64 hex digits: within the 15-256 letters and digits the authorize URL accepts.
        var state = RandomNumberGenerator.GetHexString(64, lowercase: true);
        var payload = new OAuthState(state, shop, mode, returnUrl, time.GetUtcNow() + app.StateLifetime);
        context.Response.Cookies.Append(app.StateCookieName, WebEncoders.Base64UrlEncode(_protector.Protect(Serialize(payload))), CookieOptions(context, app, app.StateLifetime));
        return state;
    }

    /// <summary>
    /// Reads and deletes the cookie, then checks it against the callback's <c>state</c> and verified
    /// shop. Returns the state it held, or <see langword="null"/> with the reason.
    /// </summary>
    public OAuthState? Consume(HttpContext context, string? stateParameter, ShopDomain shop, out string failure)
    {
        var app = options.CurrentValue;
        if (!context.Request.Cookies.TryGetValue(app.StateCookieName, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            failure = "no state cookie (expired, already used, or the flow was not started here)";
            return null;
        }

        context.Response.Cookies.Delete(app.StateCookieName, CookieOptions(context, app, maxAge: null));
        var stored = Read(cookie);
        if (stored is null)
        {
            failure = "the state cookie is not one this app issued";
            return null;
        }

        if (time.GetUtcNow() >= stored.ExpiresAt)
        {
            failure = "the state cookie expired";
            return null;
        }

        if (stateParameter is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stateParameter), Encoding.UTF8.GetBytes(stored.State)))
        {
            failure = "the state parameter does not match the cookie";
            return null;
        }

        if (stored.Shop != shop)
        {
            failure = "the callback is for another shop than the authorization";
            return null;
        }

        failure = string.Empty;
        return stored;
    }

    private static CookieOptions CookieOptions(HttpContext context, ShopifyAspNetCoreOptions app, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Lax,
        Path = context.Request.PathBase.Add(app.CallbackPath).Value,
        MaxAge = maxAge,
        IsEssential = true,
    };

    private static byte[] Serialize(OAuthState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(state.State);
            writer.Write(state.Shop.Value);
            writer.Write((byte)state.Mode);
            writer.Write(state.ReturnUrl ?? string.Empty);
            writer.Write(state.ExpiresAt.ToUnixTimeMilliseconds());
        }

        return buffer.ToArray();
    }

    private OAuthState? Read(string cookie)
    {
        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(cookie));
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadByte() != FormatVersion)
            {
                return null;
            }

            var state = reader.ReadString();
            var shop = ShopDomain.TryParse(reader.ReadString(), out var parsed) ? parsed : null;
            var mode = (AccessMode)reader.ReadByte();
            var returnUrl = reader.ReadString();
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
            return shop is null || mode is not (AccessMode.Offline or AccessMode.Online)
                ? null
                : new OAuthState(state, shop, mode, LocalUrl.IsLocal(returnUrl) ? returnUrl : null, expiresAt);
        }
        catch (Exception error) when (error is CryptographicException or FormatException or EndOfStreamException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
