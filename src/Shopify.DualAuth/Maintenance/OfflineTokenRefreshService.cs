using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Maintenance;

/// <summary>
/// Keeps offline tokens fresh in the background: every <see cref="OfflineTokenRefreshOptions.Interval"/>
/// it refreshes the tokens whose refresh token is within <see cref="OfflineTokenRefreshOptions.RefreshTokenMargin"/>
/// of its 90-day end, however idle the shop, and the access tokens of shops active in this process
/// before they expire. Registered by <c>AddBackgroundRefresh</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every refresh goes through <see cref="IShopifyTokens.GetOfflineTokenAsync"/>, so the shop lock, the
/// re-read under it and the store's compare-and-swap apply: however many instances sweep at once, a
/// token is refreshed once per expiry. A refresh token near its end was issued with an access token
/// that has long expired (the two are always issued together, the access token for one hour), so
/// <see cref="IShopifyTokens.GetOfflineTokenAsync"/> refreshes it. An active shop's token is refreshed
/// once it is within <see cref="ShopifyAppOptions.RefreshBeforeExpiry"/> of expiry, which a sweep
/// catches when <see cref="OfflineTokenRefreshOptions.Interval"/> is the shorter of the two.
/// </para>
/// <para>
/// Legacy non-expiring tokens are left alone (<see cref="OfflineTokenMigrator"/> migrates them), as
/// are tokens marked <see cref="OfflineToken.RequiresReauthorization"/>. A failure is logged and tried
/// again on the next sweep; nothing a sweep meets stops the service or the host. Stopping the host
/// stops the sweep at once; refreshes already sent to Shopify are stored first.
/// </para>
/// </remarks>
public sealed class OfflineTokenRefreshService : BackgroundService
{
    private readonly IShopifyTokens _tokens;
    private readonly IShopifyTokenStore _store;
    private readonly ShopActivity _activity;
    private readonly IOptionsMonitor<OfflineTokenRefreshOptions> _options;
    private readonly IOptionsMonitor<ShopifyAppOptions> _app;
    private readonly TimeProvider _time;
    private readonly ILogger<OfflineTokenRefreshService> _logger;

    internal OfflineTokenRefreshService(
        IShopifyTokens tokens,
        IShopifyTokenStore store,
        ShopActivity activity,
        IOptionsMonitor<OfflineTokenRefreshOptions> options,
        IOptionsMonitor<ShopifyAppOptions> app,
        TimeProvider time,
        ILogger<OfflineTokenRefreshService> logger)
    {
        _tokens = ActivityRecordingShopifyTokens.Unwrap(tokens);
        _store = store;
        _activity = activity;
        _options = options;
        _app = app;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CurrentValue.Interval, _time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    MaintenanceLog.SweepFailed(_logger, error);
                }

                timer.Period = _options.CurrentValue.Interval;
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var now = _time.GetUtcNow();
        var active = options.ActivityWindow > TimeSpan.Zero ? _activity.ActiveSince(now - options.ActivityWindow) : [];
        var sweep = new SweepCounts { Active = active.Count };
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ShopsToCheckAsync(options, now, active, sweep, cancellationToken), parallel, async (shop, ct) =>
        {
            switch (await RenewAsync(shop, options, ct).ConfigureAwait(false))
            {
                case true:
                    Interlocked.Increment(ref sweep.Renewed);
                    break;
                case null:
                    Interlocked.Increment(ref sweep.Failed);
                    break;
            }

            Interlocked.Increment(ref sweep.Checked);
        }).ConfigureAwait(false);
        MaintenanceLog.SweepFinished(_logger, sweep.Checked, sweep.DueChains, sweep.Active, sweep.Renewed, sweep.Failed);
    }

    // Every shop whose refresh chain nears its end, then every active shop not among them.
    private async IAsyncEnumerable<ShopDomain> ShopsToCheckAsync(
        OfflineTokenRefreshOptions options,
        DateTimeOffset now,
        List<ShopDomain> active,
        SweepCounts sweep,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listed = new HashSet<ShopDomain>();
        var query = new DueOfflineTokensQuery(AccessTokenExpiresBefore: null, RefreshTokenExpiresBefore: now + options.RefreshTokenMargin, PageSize: options.PageSize);
        while (true)
        {
            var page = await _store.ListDueOfflineTokensAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var token in page)
            {
                listed.Add(token.Shop);
                sweep.DueChains++;
                yield return token.Shop;
            }

            if (page.Count < options.PageSize)
            {
                break;
            }

            query = query with { AfterShop = page[^1].Shop };
        }

        foreach (var shop in active)
        {
            if (!listed.Contains(shop))
            {
                yield return shop;
            }
        }
    }

    /// <returns><see langword="true"/> when renewed, <see langword="false"/> when nothing was due, <see langword="null"/> on failure.</returns>
    private async Task<bool?> RenewAsync(ShopDomain shop, OfflineTokenRefreshOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await _store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                // Uninstalled: nothing to keep warm.
                _activity.Forget(shop);
                return false;
            }

            var now = _time.GetUtcNow();
            var due = stored.IsExpiring
                && !stored.RequiresReauthorization
                && (!stored.IsValidFor(now, _app.CurrentValue.RefreshBeforeExpiry) || stored.RefreshTokenExpiresAt < now + options.RefreshTokenMargin);
            if (!due)
            {
                return false;
            }

            var current = await _tokens.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false);
            return !string.Equals(current.AccessToken, stored.AccessToken, StringComparison.Ordinal);
        }
        catch (ShopNotInstalledException)
        {
            _activity.Forget(shop);
            return false;
        }
        catch (ShopReauthorizationRequiredException refused)
        {
            MaintenanceLog.ShopNeedsReauthorization(_logger, shop.Value, refused.Reason);
            return null;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MaintenanceLog.ShopRefreshFailed(_logger, shop.Value, error);
            return null;
        }
    }

    // Fields, so the workers can count with Interlocked.
    private sealed class SweepCounts
    {
        public int Checked;
        public int DueChains;
        public int Active;
        public int Renewed;
        public int Failed;
    }
}
