using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Lifecycle;

/// <summary>
/// Keeps a shop's offline token usable: refreshes an expiring token that is inside
/// <see cref="ShopifyAppOptions.RefreshBeforeExpiry"/> of its expiry, and migrates a legacy
/// non-expiring token when <see cref="ShopifyAppOptions.ExpiringOfflineTokens"/> is on.
/// </summary>
/// <remarks>
/// <para>
/// Within a process, one renewal per shop runs at a time and every caller waits for it. Across
/// processes, the renewal runs under the shop's <see cref="IShopLock"/> (or without it when the lock
/// is not free in time), reads the store again once it holds the lock, and stores its result with
/// the store's compare-and-swap: a writer that lost uses the winner's token. Shopify keeps a refresh
/// token usable until its replacement is first used, so two instances refreshing from the same token
/// get the same pair and nothing is lost.
/// </para>
/// <para>
/// A call that gets no usable answer (<see cref="ShopifyOAuthErrorKind.Transient"/>, after the HTTP
/// client's own retries) is repeated with the same refresh token or legacy token, up to
/// <see cref="MaxAttempts"/> times. When Shopify stays unreachable, the current token is returned if
/// it is still valid for <see cref="ShopifyAppOptions.ClockSkew"/>, and the failure is thrown otherwise.
/// A refusal of the token itself marks the shop <see cref="OfflineToken.RequiresReauthorization"/>,
/// by compare-and-swap so a token someone else stored meanwhile is never marked.
/// </para>
/// </remarks>
internal sealed class OfflineTokenRenewer
{
    /// <summary>Calls to Shopify with one refresh token (or legacy token) before giving up for now.</summary>
    public const int MaxAttempts = 3;

    /// <summary>How long a renewal waits for the shop's lock before going ahead without it.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(15);

    // Each round re-reads the store; a new round starts only when someone else changed the token
    // meanwhile, so more rounds than this mean the store is being rewritten continually.
    private const int MaxRounds = 5;

    private readonly ShopifyOAuthClient _oauth;
    private readonly IShopifyTokenStore _store;
    private readonly IShopLock _lock;
    private readonly IOptionsMonitor<ShopifyAppOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ShopifyDualAuthTelemetry _telemetry;
    private readonly SingleFlight<ShopDomain, OfflineToken> _renewals = new();

    public OfflineTokenRenewer(
        ShopifyOAuthClient oauth,
        IShopifyTokenStore store,
        IShopLock shopLock,
        IOptionsMonitor<ShopifyAppOptions> options,
        TimeProvider time,
        ILogger logger,
        ShopifyDualAuthTelemetry telemetry)
    {
        _oauth = oauth;
        _store = store;
        _lock = shopLock;
        _options = options;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
    }

    private enum Renewal
    {
        None,
        Refresh,
        Migrate,
    }

    /// <summary>How many renewals are running in this process.</summary>
    public int RunningCount => _renewals.Count;

    public async ValueTask<OfflineToken> GetAsync(ShopDomain shop, CancellationToken cancellationToken)
    {
        var token = await _store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false);
        if (Judge(shop, token, _options.CurrentValue, _time.GetUtcNow()) == Renewal.None)
        {
            return token!;
        }

        return await _renewals.RunAsync(shop, () => RenewAsync(shop), cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(Renewal renewal) => renewal == Renewal.Refresh ? "Refresh" : "Migration";

    private static string OperationName(Renewal renewal)
        => renewal == Renewal.Refresh ? ShopifyDualAuthTelemetry.Operations.Refresh : ShopifyDualAuthTelemetry.Operations.Migration;

    // Throws for a shop with no token or a marked one: both are answered without calling Shopify.
    private Renewal Judge(ShopDomain shop, OfflineToken? token, ShopifyAppOptions app, DateTimeOffset now)
    {
        if (token is null)
        {
            _telemetry.RecordFailure(ShopifyDualAuthTelemetry.Operations.OfflineToken, "not_installed");
            throw new ShopNotInstalledException(shop);
        }

        if (token.RequiresReauthorization)
        {
            _telemetry.RecordFailure(ShopifyDualAuthTelemetry.Operations.OfflineToken, "reauthorization_required");
            throw new ShopReauthorizationRequiredException(shop, ReauthorizationReason.PreviouslyMarked);
        }

        if (token.IsExpiring)
        {
            return token.IsValidFor(now, app.RefreshBeforeExpiry) ? Renewal.None : Renewal.Refresh;
        }

        return app.ExpiringOfflineTokens ? Renewal.Migrate : Renewal.None;
    }

    private async Task<OfflineToken> RenewAsync(ShopDomain shop)
    {
        using var activity = ShopifyDualAuthTelemetry.StartActivity("RenewOfflineToken", shop);
        try
        {
            var held = await _lock.TryAcquireAsync(shop, LockTimeout, CancellationToken.None).ConfigureAwait(false);
            if (held is null)
            {
                ShopifyTokensLog.LockTimedOut(_logger, shop.Value, LockTimeout);
            }

            try
            {
                return await RenewHoldingLockAsync(shop).ConfigureAwait(false);
            }
            finally
            {
                if (held is not null)
                {
                    await held.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception error)
        {
            ShopifyDualAuthTelemetry.RecordError(activity, error);
            throw;
        }
    }

    private async Task<OfflineToken> RenewHoldingLockAsync(ShopDomain shop)
    {
        for (var round = 1; ; round++)
        {
            // Read again now that the lock is held: another instance may have renewed meanwhile.
            var current = await _store.GetOfflineTokenAsync(shop, CancellationToken.None).ConfigureAwait(false);
            var app = _options.CurrentValue;
            var now = _time.GetUtcNow();
            var renewal = Judge(shop, current, app, now);
            if (renewal == Renewal.None)
            {
                return current!;
            }

            if (round > MaxRounds)
            {
                throw new InvalidOperationException($"The offline token of {shop.Value} was replaced in the store {MaxRounds} times while it was being renewed; giving up for now.");
            }

            if (renewal == Renewal.Refresh && !current!.CanRefresh(now))
            {
                if (await MarkAsync(current, ReauthorizationReason.RefreshTokenExpired).ConfigureAwait(false))
                {
                    throw new ShopReauthorizationRequiredException(shop, ReauthorizationReason.RefreshTokenExpired);
                }

                continue;
            }

            OfflineToken replacement;
            try
            {
                replacement = await CallShopifyAsync(shop, current!, renewal).ConfigureAwait(false);
            }
            catch (ShopifyOAuthException refused) when (IsChainBroken(refused, renewal))
            {
                // Someone may have renewed or reinstalled since our read, and Shopify refused our
                // now-retired token for that reason alone: mark only the very token we sent.
                var reason = renewal == Renewal.Refresh ? ReauthorizationReason.RefreshTokenRejected : ReauthorizationReason.MigrationRejected;
                if (await MarkAsync(current!, reason).ConfigureAwait(false))
                {
                    throw new ShopReauthorizationRequiredException(shop, reason, refused);
                }

                continue;
            }
            catch (ShopifyOAuthException unreachable) when (unreachable.Kind == ShopifyOAuthErrorKind.Transient && current!.IsValidFor(_time.GetUtcNow(), app.ClockSkew))
            {
                ShopifyTokensLog.RenewalPostponed(_logger, renewal == Renewal.Refresh ? "refresh" : "migrate", shop.Value, current.ExpiresAt);
                return current;
            }

            if (await _store.TryRotateOfflineTokenAsync(current!, replacement, CancellationToken.None).ConfigureAwait(false))
            {
                if (renewal == Renewal.Refresh)
                {
                    _telemetry.Refreshes.Add(1, new KeyValuePair<string, object?>(ShopifyDualAuthTelemetry.OutcomeTag, "rotated"));
                    ShopifyTokensLog.Refreshed(_logger, shop.Value, replacement.ExpiresAt);
                }
                else
                {
                    _telemetry.Migrations.Add(1, new KeyValuePair<string, object?>(ShopifyDualAuthTelemetry.OutcomeTag, "rotated"));
                    ShopifyTokensLog.Migrated(_logger, shop.Value, replacement.ExpiresAt);
                }

                return replacement;
            }

            // Lost the compare-and-swap: the next round reads the winner's token and returns it.
            var lost = new KeyValuePair<string, object?>(ShopifyDualAuthTelemetry.OutcomeTag, "lost_race");
            (renewal == Renewal.Refresh ? _telemetry.Refreshes : _telemetry.Migrations).Add(1, lost);
            ShopifyTokensLog.RotationLost(_logger, shop.Value);
        }
    }

    private static bool IsChainBroken(ShopifyOAuthException refused, Renewal renewal)
        => refused.Kind == ShopifyOAuthErrorKind.RefreshTokenRejected
            || (renewal == Renewal.Migrate && refused.Kind == ShopifyOAuthErrorKind.InvalidSubjectToken);

    // Repeats a call that got no usable answer with the same token: Shopify answers a repeated
    // refresh (or migration) with the pair it issued the first time, so a lost answer is recovered.
    private async Task<OfflineToken> CallShopifyAsync(ShopDomain shop, OfflineToken current, Renewal renewal)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return renewal == Renewal.Refresh
                    ? await _oauth.RefreshAsync(shop, current.RefreshToken!, CancellationToken.None).ConfigureAwait(false)
                    : await _oauth.MigrateToExpiringAsync(shop, current.AccessToken, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ShopifyOAuthException failure)
            {
                _telemetry.RecordFailure(OperationName(renewal), failure.Kind);

                // A Retry-After longer than the client would wait is Shopify asking not to call now.
                if (failure.Kind != ShopifyOAuthErrorKind.Transient || failure.RetryAfter is not null || attempt >= MaxAttempts)
                {
                    throw;
                }

                ShopifyTokensLog.RenewalRetrying(_logger, Describe(renewal), shop.Value, attempt, MaxAttempts);
            }
        }
    }

    private async Task<bool> MarkAsync(OfflineToken current, ReauthorizationReason reason)
    {
        if (!await _store.TryRotateOfflineTokenAsync(current, current with { RequiresReauthorization = true }, CancellationToken.None).ConfigureAwait(false))
        {
            return false;
        }

        _telemetry.RecordFailure(ShopifyDualAuthTelemetry.Operations.OfflineToken, "reauthorization_required");
        ShopifyTokensLog.ReauthorizationRequired(_logger, current.Shop.Value, reason);
        return true;
    }
}
