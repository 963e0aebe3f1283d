using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Lifecycle;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth;

/// <summary>
/// The <see cref="IShopifyTokens"/> of <c>AddShopifyDualAuth</c>: a singleton over the OAuth client,
/// the token store and the shop lock. Keep one per process: its single-flight maps and online token
/// cache are what make concurrent callers share one call to Shopify.
/// </summary>
/// <remarks>
/// Emits source-generated logs (category <c>Shopify.DualAuth.ShopifyTokens</c>), activities of the
/// <see cref="System.Diagnostics.ActivitySource"/> and counters of the <see cref="Meter"/> named
/// <see cref="TelemetryName"/>: exchanges, refreshes, migrations, failures by kind, and online token
/// cache hits and misses.
/// </remarks>
public sealed class ShopifyTokens : IShopifyTokens, IDisposable
{
    /// <summary>The name of the library's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="Meter"/>, for example for OpenTelemetry's <c>AddSource</c> and <c>AddMeter</c>.</summary>
    public const string TelemetryName = ShopifyDualAuthTelemetry.Name;

    private readonly ShopifyOAuthClient _oauth;
    private readonly IShopifyTokenStore _store;
    private readonly IOptionsMonitor<ShopifyAppOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ShopifyTokens> _logger;
    private readonly ShopifyDualAuthTelemetry _telemetry;
    private readonly OfflineTokenRenewer _renewer;
    private readonly OnlineTokenCache _onlineCache = new();
    private readonly RecentAuthorizationCodes _recentCodes;
    private readonly SingleFlight<ShopDomain, OfflineToken> _offlineInstalls = new();
    private readonly SingleFlight<(ShopDomain Shop, long UserId), OnlineToken> _onlineExchanges = new();
    private readonly SingleFlight<(ShopDomain Shop, long UserId), OnlineToken> _onlineLookups = new();
    private readonly SingleFlight<string, AuthorizationCodeGrant> _codeRedemptions = new(StringComparer.Ordinal);

    /// <summary>Creates the service. Dependency injection does this for you (<c>AddShopifyDualAuth</c> and a token store).</summary>
    /// <param name="oauthClient">Talks to Shopify's token endpoint.</param>
    /// <param name="store">Where tokens are kept.</param>
    /// <param name="shopLock">Per-shop mutual exclusion around refreshes; <see cref="InProcessShopLock"/> on one server, a distributed lock on a fleet.</param>
    /// <param name="options">The app's options; the current values are read on every call.</param>
    /// <param name="timeProvider">The clock that decides when tokens are due.</param>
    /// <param name="logger">The logger; it never receives a token.</param>
    /// <param name="meterFactory">Creates the meter; when <see langword="null"/>, a meter of this instance's own is created and disposed with it.</param>
    public ShopifyTokens(
        ShopifyOAuthClient oauthClient,
        IShopifyTokenStore store,
        IShopLock shopLock,
        IOptionsMonitor<ShopifyAppOptions> options,
        TimeProvider timeProvider,
        ILogger<ShopifyTokens> logger,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(oauthClient);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(shopLock);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _oauth = oauthClient;
        _store = store;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _telemetry = new ShopifyDualAuthTelemetry(meterFactory);
        _recentCodes = new RecentAuthorizationCodes(timeProvider);
        _renewer = new OfflineTokenRenewer(oauthClient, store, shopLock, options, timeProvider, logger, _telemetry);
    }

    /// <inheritdoc/>
    public async Task<DualTokens> InstallAsync(SessionToken sessionToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);

        // Offline first, then online, with the same session token, as Shopify's own libraries do.
        var offline = await _offlineInstalls.RunAsync(sessionToken.Shop, () => ExchangeOfflineAsync(sessionToken), cancellationToken).ConfigureAwait(false);
        var online = await _onlineExchanges.RunAsync((sessionToken.Shop, sessionToken.UserId), () => ExchangeOnlineAsync(sessionToken), cancellationToken).ConfigureAwait(false);
        return new DualTokens(offline, online);
    }

    /// <inheritdoc/>
    public Task<AuthorizationCodeGrant> CompleteAuthorizationAsync(ShopDomain shop, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var key = RecentAuthorizationCodes.Key(shop, code);
        return _codeRedemptions.RunAsync(key, () => RedeemCodeAsync(shop, code, key), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<OfflineToken> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return _renewer.GetAsync(shop, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<OnlineToken> GetOnlineTokenAsync(SessionToken sessionToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        if (_onlineCache.TryGet(sessionToken.Shop, sessionToken.UserId, _time.GetUtcNow(), _options.CurrentValue.ClockSkew, out var cached))
        {
            _telemetry.CacheHits.Add(1);
            return ValueTask.FromResult(cached);
        }

        _telemetry.CacheMisses.Add(1);
        return new ValueTask<OnlineToken>(_onlineLookups.RunAsync((sessionToken.Shop, sessionToken.UserId), () => LoadOnlineAsync(sessionToken), cancellationToken));
    }

    /// <inheritdoc/>
    public async Task UninstallAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        await _store.DeleteShopAsync(shop, cancellationToken).ConfigureAwait(false);
        _onlineCache.RemoveShop(shop);
        ShopifyTokensLog.Uninstalled(_logger, shop.Value);
    }

    /// <inheritdoc/>
    public async ValueTask<ScopeCheckResult> CheckScopesAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var token = await _store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false) ?? throw new ShopNotInstalledException(shop);
        var result = new ScopeCheckResult(shop, _options.CurrentValue.GetRequiredScopes(), token.Scopes);
        if (result.RequiresReauthorization)
        {
            ShopifyTokensLog.ScopesMissing(_logger, shop.Value, result.Missing.ToString());
        }

        return result;
    }

    /// <summary>Disposes the meter when this instance created it.</summary>
    public void Dispose() => _telemetry.Dispose();

    private async Task<OfflineToken> ExchangeOfflineAsync(SessionToken sessionToken)
    {
        var shop = sessionToken.Shop;
        using var activity = ShopifyDualAuthTelemetry.StartActivity("Install", shop);
        try
        {
            var token = await _oauth.ExchangeSessionTokenForOfflineAsync(sessionToken, CancellationToken.None).ConfigureAwait(false);
            await _store.SaveOfflineTokenAsync(token, CancellationToken.None).ConfigureAwait(false);
            _telemetry.RecordExchange("offline", "token_exchange");
            ShopifyTokensLog.Installed(_logger, shop.Value, token.ExpiresAt);
            return token;
        }
        catch (Exception error)
        {
            Fail(activity, ShopifyDualAuthTelemetry.Operations.Install, error);
            throw;
        }
    }

    private async Task<OnlineToken> ExchangeOnlineAsync(SessionToken sessionToken)
    {
        using var activity = ShopifyDualAuthTelemetry.StartActivity("ExchangeOnlineToken", sessionToken.Shop);
        try
        {
            var token = await _oauth.ExchangeSessionTokenForOnlineAsync(sessionToken, CancellationToken.None).ConfigureAwait(false);
            await StoreOnlineAsync(token).ConfigureAwait(false);
            _telemetry.RecordExchange("online", "token_exchange");
            return token;
        }
        catch (Exception error)
        {
            Fail(activity, ShopifyDualAuthTelemetry.Operations.OnlineExchange, error);
            throw;
        }
    }

    private async Task<OnlineToken> LoadOnlineAsync(SessionToken sessionToken)
    {
        var stored = await _store.GetOnlineTokenAsync(sessionToken.Shop, sessionToken.UserId, CancellationToken.None).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (stored is not null && stored.User.Id == sessionToken.UserId && stored.IsValidFor(now, _options.CurrentValue.ClockSkew))
        {
            _onlineCache.Set(stored, now);
            return stored;
        }

        return await ExchangeOnlineAsync(sessionToken).ConfigureAwait(false);
    }

    private async Task StoreOnlineAsync(OnlineToken token)
    {
        await _store.SaveOnlineTokenAsync(token, CancellationToken.None).ConfigureAwait(false);
        _onlineCache.Set(token, _time.GetUtcNow());
        ShopifyTokensLog.OnlineTokenStored(_logger, token.Shop.Value, token.User.Id, token.ExpiresAt);
    }

    private async Task<AuthorizationCodeGrant> RedeemCodeAsync(ShopDomain shop, string code, string key)
    {
        using var activity = ShopifyDualAuthTelemetry.StartActivity("CompleteAuthorization", shop);
        AuthorizationCodeGrant grant;
        try
        {
            grant = await _oauth.ExchangeCodeAsync(shop, code, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ShopifyOAuthException rejected) when (rejected.Kind == ShopifyOAuthErrorKind.CodeRejected && _recentCodes.TryGet(key, out var redeemed))
        {
            if (await FindRedeemedAsync(shop, redeemed).ConfigureAwait(false) is { } stored)
            {
                ShopifyTokensLog.AuthorizationCodeReplayed(_logger, shop.Value, redeemed.Mode);
                return stored;
            }

            Fail(activity, ShopifyDualAuthTelemetry.Operations.AuthorizationCode, rejected);
            throw;
        }
        catch (Exception error)
        {
            Fail(activity, ShopifyDualAuthTelemetry.Operations.AuthorizationCode, error);
            throw;
        }

        if (grant.IsOnline)
        {
            await StoreOnlineAsync(grant.Online).ConfigureAwait(false);
            _telemetry.RecordExchange("online", "authorization_code");
        }
        else
        {
            await _store.SaveOfflineTokenAsync(grant.Offline, CancellationToken.None).ConfigureAwait(false);
            _telemetry.RecordExchange("offline", "authorization_code");
        }

        _recentCodes.Add(key, grant);
        ShopifyTokensLog.AuthorizationCompleted(_logger, shop.Value, grant.AccessMode);
        return grant;
    }

    // What a replayed code's first redemption stored, if it is still there and usable.
    private async Task<AuthorizationCodeGrant?> FindRedeemedAsync(ShopDomain shop, RecentAuthorizationCodes.Redemption redeemed)
    {
        if (redeemed.Mode == AccessMode.Online)
        {
            var online = await _store.GetOnlineTokenAsync(shop, redeemed.UserId!.Value, CancellationToken.None).ConfigureAwait(false);
            return online is not null && online.IsValidFor(_time.GetUtcNow(), _options.CurrentValue.ClockSkew) ? new AuthorizationCodeGrant(online) : null;
        }

        try
        {
            return new AuthorizationCodeGrant(await _renewer.GetAsync(shop, CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception gone) when (gone is ShopNotInstalledException or ShopReauthorizationRequiredException)
        {
            return null;
        }
    }

    private void Fail(System.Diagnostics.Activity? activity, string operation, Exception error)
    {
        ShopifyDualAuthTelemetry.RecordError(activity, error);
        if (error is ShopifyOAuthException oauth)
        {
            _telemetry.RecordFailure(operation, oauth.Kind);
        }
    }
}
