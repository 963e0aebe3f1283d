using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>
/// Authenticates embedded-app requests by their App Bridge session token: <c>Authorization: Bearer</c>,
/// or the <c>id_token</c> parameter of a page load. The shop comes from the validated token's
/// <c>dest</c>; a request whose <c>shop</c> parameter disagrees is rejected.
/// </summary>
internal sealed class ShopifySessionTokenHandler : AuthenticationHandler<ShopifySessionTokenOptions>
{
    private readonly SessionTokenValidator _validator;
    private readonly IOptionsMonitor<ShopifyAspNetCoreOptions> _app;
    private readonly EmbeddedInstaller _installer;
    private SessionTokenFailureKind? _failure;

    public ShopifySessionTokenHandler(
        IOptionsMonitor<ShopifySessionTokenOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        SessionTokenValidator validator,
        IOptionsMonitor<ShopifyAspNetCoreOptions> app,
        EmbeddedInstaller installer)
        : base(options, logger, encoder)
    {
        _validator = validator;
        _app = app;
        _installer = installer;
    }

    private new ShopifySessionTokenEvents Events => (ShopifySessionTokenEvents)base.Events!;

    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new ShopifySessionTokenEvents());

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var received = new SessionTokenMessageReceivedContext(Context, Scheme, Options);
        await Events.MessageReceived(received).ConfigureAwait(false);
        if (received.Result is not null)
        {
            return received.Result;
        }

        SessionTokenValidationResult validation;
        if (received.Token is { } supplied)
        {
            validation = _validator.Validate(supplied);
        }
        else if (ValidateFromRequest() is { } fromRequest)
        {
            validation = fromRequest;
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (!validation.IsValid)
        {
            return await FailAsync(SessionTokenFailureKind.InvalidToken, validation.Failure, validation.Claim).ConfigureAwait(false);
        }

        var token = validation.Token!;
        if (!ShopParameterAgrees(token.Shop))
        {
            return await FailAsync(SessionTokenFailureKind.ShopMismatch, VerificationFailure.Mismatch, "shop").ConfigureAwait(false);
        }

        var validated = new SessionTokenValidatedContext(Context, Scheme, Options, token, ShopifyPrincipals.FromSessionToken(token, Scheme.Name));
        await Events.TokenValidated(validated).ConfigureAwait(false);
        if (validated.Result is not null)
        {
            return validated.Result;
        }

        var feature = ShopifyRequestFeature.GetOrCreate(Context);
        feature.SessionToken = token;
        if (Options.InstallOnFirstLoad && !await _installer.EnsureInstalledAsync(Context, token).ConfigureAwait(false))
        {
            feature.SessionToken = null;
            return await FailAsync(SessionTokenFailureKind.RejectedByShopify, VerificationFailure.Mismatch, "subject_token").ConfigureAwait(false);
        }

        validated.Success();
        return validated.Result!;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var challenge = new SessionTokenChallengeContext(Context, Scheme, Options, properties, _failure);
        await Events.Challenge(challenge).ConfigureAwait(false);
        if (challenge.Handled)
        {
            return;
        }

        // A shop mismatch is not cured by a fresh token: no bounce, no retry.
        if (_failure != SessionTokenFailureKind.ShopMismatch && DocumentRequests.IsDocument(Request))
        {
            Response.Redirect(BounceAddress());
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = _failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        if (_failure != SessionTokenFailureKind.ShopMismatch)
        {
            Response.Headers[ShopifySessionTokenDefaults.RetryHeader] = "1";
        }
    }

    // The token from the Authorization header, else (page loads only) from id_token; null when the
    // request carries none.
    private SessionTokenValidationResult? ValidateFromRequest()
    {
        var authorization = Request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            if (authorization.Count == 1 && SessionTokenValidator.TryGetBearerToken(authorization[0], out var bearer))
            {
                return _validator.Validate(bearer);
            }

            // Another scheme's credentials: not ours to judge.
            return null;
        }

        if (Options.AcceptIdTokenQuery && DocumentRequests.IsDocument(Request) && Request.Query.TryGetValue(ShopifySessionTokenDefaults.IdTokenParameter, out var idToken))
        {
            return idToken.Count == 1
                ? _validator.Validate(idToken[0])
                : SessionTokenValidationResult.Fail(VerificationFailure.Duplicate, ShopifySessionTokenDefaults.IdTokenParameter);
        }

        return null;
    }

    private bool ShopParameterAgrees(ShopDomain shop)
    {
        if (!Request.Query.TryGetValue("shop", out var values))
        {
            return true;
        }

        return values.Count == 1 && ShopDomain.TryParse(values[0], out var named) && named == shop;
    }

    private async Task<AuthenticateResult> FailAsync(SessionTokenFailureKind kind, VerificationFailure failure, string? claim)
    {
        _failure = kind;
        Logger.SessionTokenRejected(kind, failure, claim);
        var failed = new SessionTokenFailedContext(Context, Scheme, Options, kind, failure, claim);
        await Events.AuthenticationFailed(failed).ConfigureAwait(false);
        return failed.Result ?? AuthenticateResult.Fail($"The session token was not accepted: {kind} ({failure}, {claim}).");
    }

    // The bounce page keeps the request's parameters (shop, host, embedded) minus the stale token,
    // and names the page to reload with a fresh one.
    private string BounceAddress()
    {
        var app = _app.CurrentValue;
        var kept = new QueryBuilder(Request.Query
            .Where(p => !string.Equals(p.Key, ShopifySessionTokenDefaults.IdTokenParameter, StringComparison.Ordinal)
                && !string.Equals(p.Key, ShopifySessionTokenDefaults.ReloadParameter, StringComparison.Ordinal))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty))));
        var reload = AppAddress.Absolute(Request, app, Request.Path.ToUriComponent() + kept.ToQueryString().ToUriComponent());
        kept.Add(ShopifySessionTokenDefaults.ReloadParameter, reload.AbsoluteUri);
        return Request.PathBase.Add(app.SessionTokenPath).ToUriComponent() + kept.ToQueryString().ToUriComponent();
    }
}
