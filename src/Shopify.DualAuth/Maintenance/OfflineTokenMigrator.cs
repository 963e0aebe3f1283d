using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Maintenance;

/// <summary>
/// Migrates every shop still holding a legacy non-expiring offline token to an expiring one, with no
/// merchant present, ahead of Shopify's deadline for public apps (2027-01-01). Registered by
/// <c>AddOfflineTokenMigrator</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each shop goes through <see cref="IShopifyTokens.GetOfflineTokenAsync"/>, so the shop lock, the
/// store's compare-and-swap, the retries with the same legacy token (which recover a lost answer) and
/// the reauthorization mark all apply, and app requests migrating the same shop at the same moment
/// cost Shopify one call.
/// </para>
/// <para>
/// A run is safe to stop and start again: the store lists only shops still holding a legacy token, so
/// migrated shops are never seen again and failed ones are tried again. Several runs, on one instance
/// or several, may overlap; a shop migrated by another run counts as skipped.
/// </para>
/// </remarks>
public sealed class OfflineTokenMigrator
{
    private readonly IShopifyTokens _tokens;
    private readonly IShopifyTokenStore _store;
    private readonly IOptionsMonitor<ShopifyAppOptions> _app;
    private readonly OfflineTokenMigrationOptions _options;
    private readonly ILogger<OfflineTokenMigrator> _logger;

    /// <summary>Creates the migrator. Dependency injection does this for you (<c>AddOfflineTokenMigrator</c>).</summary>
    /// <param name="tokens">The token lifecycle that migrates each shop.</param>
    /// <param name="store">Lists the shops still holding a legacy token.</param>
    /// <param name="app">The app's options; <see cref="ShopifyAppOptions.ExpiringOfflineTokens"/> must be on.</param>
    /// <param name="options">Concurrency and page size.</param>
    /// <param name="logger">The logger; it never receives a token.</param>
    public OfflineTokenMigrator(
        IShopifyTokens tokens,
        IShopifyTokenStore store,
        IOptionsMonitor<ShopifyAppOptions> app,
        IOptions<OfflineTokenMigrationOptions> options,
        ILogger<OfflineTokenMigrator> logger)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _tokens = ActivityRecordingShopifyTokens.Unwrap(tokens);
        _store = store;
        _app = app;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Migrates every legacy token in the store, <see cref="OfflineTokenMigrationOptions.MaxConcurrency"/>
    /// shops at a time, in shop order. A shop that fails is reported and left as it was; the run goes on.
    /// </summary>
    /// <param name="progress">Receives a snapshot after each shop; may be called from several threads at once.</param>
    /// <param name="cancellationToken">Stops the run: no new shop is started; migrations already sent to Shopify still complete and are stored, possibly just after the run has ended.</param>
    /// <returns>The final tally.</returns>
    /// <exception cref="InvalidOperationException"><see cref="ShopifyAppOptions.ExpiringOfflineTokens"/> is off, so there is nothing to migrate to.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; run it again to finish.</exception>
    public async Task<MigrationProgress> MigrateAllAsync(IProgress<MigrationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!_app.CurrentValue.ExpiringOfflineTokens)
        {
            throw new InvalidOperationException("Migrating offline tokens to expiring ones needs ShopifyAppOptions.ExpiringOfflineTokens on (the Shopify:ExpiringOfflineTokens setting).");
        }

        MaintenanceLog.MigrationStarted(_logger, _options.MaxConcurrency);
        var tally = new Tally();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(ListLegacyAsync(tally, cancellationToken), parallel, async (token, ct) =>
            {
                var outcome = await MigrateAsync(token.Shop, ct).ConfigureAwait(false);
                var snapshot = tally.Record(token.Shop, outcome);
                progress?.Report(snapshot);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var stopped = tally.Snapshot();
            MaintenanceLog.MigrationCancelled(_logger, stopped.Done, stopped.Seen, stopped.Migrated);
            throw;
        }

        var final = tally.Snapshot();
        MaintenanceLog.MigrationFinished(_logger, final.Seen, final.Migrated, final.Skipped, final.Failed);
        return final;
    }

    // Keyset paging from the last shop listed: migrated shops leave the listing behind the cursor, so
    // nothing is skipped, and a failed shop is not listed twice in one run.
    private async IAsyncEnumerable<OfflineToken> ListLegacyAsync(Tally tally, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ShopDomain? after = null;
        while (true)
        {
            var page = await _store.ListLegacyOfflineTokensAsync(after, _options.PageSize, cancellationToken).ConfigureAwait(false);
            tally.Saw(page.Count);
            foreach (var token in page)
            {
                yield return token;
            }

            if (page.Count < _options.PageSize)
            {
                yield break;
            }

            after = page[^1].Shop;
        }
    }

    private async Task<Outcome> MigrateAsync(ShopDomain shop, CancellationToken cancellationToken)
    {
        try
        {
            // Read again: the listing may be a page old, and a shop someone else migrated or
            // uninstalled meanwhile is not this run's work.
            var current = await _store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false);
            if (current is null || current.IsExpiring)
            {
                return Outcome.Skip;
            }

            var migrated = await _tokens.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false);
            return migrated.IsExpiring
                ? Outcome.Migrate
                : Outcome.Fail(new InvalidOperationException($"The offline token of {shop.Value} is still non-expiring after migration was requested; ShopifyAppOptions.ExpiringOfflineTokens was turned off during the run."));
        }
        catch (ShopNotInstalledException)
        {
            return Outcome.Skip;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Refusals (ShopReauthorizationRequiredException), an unreachable Shopify
            // (ShopifyOAuthException) and store failures alike: this shop waits for the next run.
            MaintenanceLog.ShopMigrationFailed(_logger, shop.Value, error);
            return Outcome.Fail(error);
        }
    }

    private enum OutcomeKind
    {
        Migrated,
        Skipped,
        Failed,
    }

    private readonly record struct Outcome(OutcomeKind Kind, Exception? Error)
    {
        public static Outcome Migrate => new(OutcomeKind.Migrated, null);

        public static Outcome Skip => new(OutcomeKind.Skipped, null);

        public static Outcome Fail(Exception error) => new(OutcomeKind.Failed, error);
    }

    private sealed class Tally
    {
        private readonly Lock _gate = new();
        private MigrationProgress _current = MigrationProgress.Empty;

        public void Saw(int count)
        {
            lock (_gate)
            {
                _current = _current with { Seen = _current.Seen + count };
            }
        }

        public MigrationProgress Record(ShopDomain shop, Outcome outcome)
        {
            lock (_gate)
            {
                _current = outcome.Kind switch
                {
                    OutcomeKind.Migrated => _current with { Migrated = _current.Migrated + 1 },
                    OutcomeKind.Skipped => _current with { Skipped = _current.Skipped + 1 },
                    _ => _current with
                    {
                        Failed = _current.Failed + 1,
                        Failures = _current.Failures.Add(new MigrationFailure(shop, outcome.Error!.Message, outcome.Error)),
                    },
                };
                return _current;
            }
        }

        public MigrationProgress Snapshot()
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }
}
