using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore;

/// <summary>What <see cref="ShopifyAuthEvents.OnUserSignedIn"/> receives: the principal may be changed before the cookie is issued.</summary>
public sealed class UserSignedInContext
{
    private ClaimsPrincipal _principal;
    private string _returnUrl;

    /// <summary>Creates the context.</summary>
    /// <param name="httpContext">The callback request.</param>
    /// <param name="online">The user's new online token, already stored.</param>
    /// <param name="principal">The principal about to be signed in.</param>
    /// <param name="properties">The sign-in properties.</param>
    /// <param name="returnUrl">The local address the user is sent to next.</param>
    public UserSignedInContext(HttpContext httpContext, OnlineToken online, ClaimsPrincipal principal, AuthenticationProperties properties, string returnUrl)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(online);
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentException.ThrowIfNullOrEmpty(returnUrl);
        HttpContext = httpContext;
        Online = online;
        _principal = principal;
        Properties = properties;
        _returnUrl = returnUrl;
    }

    /// <summary>The callback request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The user's shop.</summary>
    public ShopDomain Shop => Online.Shop;

    /// <summary>The user, as Shopify describes them: name, email, whether the email is verified.</summary>
    public ShopifyUser User => Online.User;

    /// <summary>The user's new online token, already stored.</summary>
    public OnlineToken Online { get; }

    /// <summary>The principal about to be signed in; add claims or replace it.</summary>
    public ClaimsPrincipal Principal
    {
        get => _principal;
        set => _principal = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The sign-in properties (persistence, expiry).</summary>
    public AuthenticationProperties Properties { get; }

    /// <summary>The local address the user is sent to next, for example a sign-up page to pre-fill from <see cref="User"/>.</summary>
    /// <exception cref="ArgumentException">The value is not a local path (it must start with a single <c>/</c>).</exception>
    public string ReturnUrl
    {
        get => _returnUrl;
        set => _returnUrl = Internal.LocalUrl.IsLocal(value) ? value : throw new ArgumentException("The return address must be a local path starting with a single '/'.", nameof(value));
    }
}
