using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Storage;

namespace Shopify.DualAuth.Tests.Storage;

/// <summary>The conformance kit must catch each way a store can break the contract.</summary>
public class TokenStoreConformanceSelfTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertFailsAsync(Func<TimeProvider, IShopifyTokenStore> create, string check, string expectedInMessage)
    {
        var error = await Assert.ThrowsAsync<TokenStoreConformanceException>(() => new TokenStoreConformance(create).RunCheckAsync(check, Ct));
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task Catches_a_rotation_that_reads_then_writes_without_compare_and_swap()
        => AssertFailsAsync(clock => new ReadThenWriteRotation(new InMemoryTokenStore(clock)), "RotationRaceHasExactlyOneWinner", "Exactly one of 64");

    [Fact]
    public Task Catches_a_rotation_that_compares_only_the_refresh_token()
        => AssertFailsAsync(clock => new RefreshOnlyCompare(new InMemoryTokenStore(clock)), "RotationSucceedsOnlyFromTheStoredTokens", "another access token must fail");

    [Fact]
    public Task Catches_a_rotation_that_compares_whole_records()
        => AssertFailsAsync(clock => new WholeRecordCompare(new InMemoryTokenStore(clock)), "RotationSucceedsOnlyFromTheStoredTokens", "compares the access and refresh tokens only");

    [Fact]
    public Task Catches_a_store_that_ignores_its_clock_for_online_expiry()
        => AssertFailsAsync(_ => new InMemoryTokenStore(TimeProvider.System), "ExpiredOnlineTokensReadAsMissing", "must use the TimeProvider");

    [Fact]
    public Task Catches_a_shop_delete_that_leaves_online_tokens()
        => AssertFailsAsync(clock => new OfflineOnlyDelete(new InMemoryTokenStore(clock)), "DeleteShopRemovesEverythingOfThatShopOnly", "every online token");

    [Fact]
    public Task Catches_paging_in_a_locale_collation_instead_of_ordinal_order()
        => AssertFailsAsync(clock => new CollationOrderedListing(new InMemoryTokenStore(clock)), "DueTokensPageWithoutGapsOrRepeats", "ordinal order");

    [Fact]
    public Task Catches_a_legacy_listing_that_keeps_migrated_shops()
        => AssertFailsAsync(clock => new StaleLegacyIndex(new InMemoryTokenStore(clock)), "LegacyTokensFollowWrites", "never be listed as legacy");

    [Fact]
    public Task Catches_inclusive_due_bounds()
        => AssertFailsAsync(clock => new InclusiveBoundListing(new InMemoryTokenStore(clock)), "DueTokensMatchEitherBound", "exactly at a bound is not due");

    [Fact]
    public Task Catches_times_truncated_to_the_second()
        => AssertFailsAsync(clock => new SecondPrecision(new InMemoryTokenStore(clock)), "OfflineTokenRoundTripsEveryField", "to the millisecond");

    [Fact]
    public Task Catches_a_scope_update_that_loses_the_tokens()
        => AssertFailsAsync(clock => new ScopeUpdateDropsRefreshExpiry(new InMemoryTokenStore(clock)), "UpdateScopesKeepsTheTokens", "keep the tokens and expiry times");

    [Fact]
    public Task Catches_a_store_that_drops_the_reauthorization_mark()
        => AssertFailsAsync(clock => new MarkDropped(new InMemoryTokenStore(clock)), "OfflineTokenRoundTripsEveryField", "must read back marked");

    [Fact]
    public Task Catches_a_rotation_that_cannot_set_the_reauthorization_mark()
        => AssertFailsAsync(clock => new MarkDropped(new InMemoryTokenStore(clock)), "ReauthorizationMarkIsKeptUntilASave", "The mark must be stored by the rotation");

    [Fact]
    public Task Catches_a_save_that_keeps_an_old_reauthorization_mark()
        => AssertFailsAsync(clock => new StickyMark(new InMemoryTokenStore(clock)), "ReauthorizationMarkIsKeptUntilASave", "must clear the mark");

    [Fact]
    public Task Catches_a_due_list_that_includes_marked_tokens()
        => AssertFailsAsync(clock => new MarkedTokensListed(new InMemoryTokenStore(clock)), "ReauthorizationMarkIsKeptUntilASave", "never be listed as due");

    [Fact]
    public async Task Catches_tokens_in_clear_at_rest_and_a_raw_reader_that_returns_nothing()
    {
        var clear = new TokenStoreConformance(clock => new InMemoryTokenStore(clock)) { ReadRawStorage = DumpAsync };
        var empty = new TokenStoreConformance(clock => new InMemoryTokenStore(clock)) { ReadRawStorage = (_, _) => ValueTask.FromResult(Array.Empty<byte>()) };

        var inClear = await Assert.ThrowsAsync<TokenStoreConformanceException>(() => clear.EncryptedAtRestAsync(Ct));
        var nothing = await Assert.ThrowsAsync<TokenStoreConformanceException>(() => empty.EncryptedAtRestAsync(Ct));

        Assert.Contains("appears in clear", inClear.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("shpat_", inClear.Message, StringComparison.Ordinal);
        Assert.Contains("did not return this store's data", nothing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAll_reports_every_failed_check_by_name()
    {
        var conformance = new TokenStoreConformance(clock => new OfflineOnlyDelete(new RefreshOnlyCompare(new InMemoryTokenStore(clock))));

        var error = await Assert.ThrowsAsync<TokenStoreConformanceException>(() => conformance.RunAllAsync(Ct));

        Assert.Contains("2 of 18 token store checks failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeleteShopRemovesEverythingOfThatShopOnly:", error.Message, StringComparison.Ordinal);
        Assert.Contains("RotationSucceedsOnlyFromTheStoredTokens:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_check_names_are_refused_and_the_encryption_check_needs_a_raw_reader()
    {
        var conformance = new TokenStoreConformance(clock => new InMemoryTokenStore(clock));

        await Assert.ThrowsAsync<ArgumentException>(() => conformance.RunCheckAsync("NoSuchCheck", Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => conformance.EncryptedAtRestAsync(Ct));
        Assert.Equal(TokenStoreConformance.AllCheckNames.Count - 1, conformance.CheckNames.Count);
    }

    // What a naive durable store would write: the offline tokens' fields in clear.
    private static async ValueTask<byte[]> DumpAsync(IShopifyTokenStore store, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        foreach (var token in await store.ListDueOfflineTokensAsync(new(DateTimeOffset.MaxValue, null, null, DueOfflineTokensQuery.MaxPageSize), cancellationToken))
        {
            text.Append(token.Shop.Value).Append(token.AccessToken).Append(token.RefreshToken);
        }

        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private class Delegating(IShopifyTokenStore inner) : IShopifyTokenStore
    {
        protected IShopifyTokenStore Inner => inner;

        public virtual ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default) => inner.GetOfflineTokenAsync(shop, cancellationToken);

        public virtual ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default) => inner.SaveOfflineTokenAsync(token, cancellationToken);

        public virtual ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default) => inner.TryRotateOfflineTokenAsync(current, replacement, cancellationToken);

        public virtual ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default) => inner.GetOnlineTokenAsync(shop, userId, cancellationToken);

        public virtual ValueTask SaveOnlineTokenAsync(OnlineToken token, CancellationToken cancellationToken = default) => inner.SaveOnlineTokenAsync(token, cancellationToken);

        public virtual ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default) => inner.DeleteOnlineTokenAsync(shop, userId, cancellationToken);

        public virtual ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default) => inner.DeleteShopAsync(shop, cancellationToken);

        public virtual ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default) => inner.UpdateScopesAsync(shop, scopes, cancellationToken);

        public virtual ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default) => inner.ListDueOfflineTokensAsync(query, cancellationToken);

        public virtual ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default) => inner.ListLegacyOfflineTokensAsync(afterShop, pageSize, cancellationToken);
    }

    // A side index of legacy shops filled on save and never pruned: a migration by rotation leaves
    // the shop listed, as a Redis index whose rotation script forgot the legacy set would.
    private sealed class StaleLegacyIndex(IShopifyTokenStore inner) : Delegating(inner)
    {
        private readonly SortedSet<string> _legacy = new(StringComparer.Ordinal);

        public override async ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
        {
            await Inner.SaveOfflineTokenAsync(token, cancellationToken);
            lock (_legacy)
            {
                if (!token.IsExpiring)
                {
                    _legacy.Add(token.Shop.Value);
                }
            }
        }

        public override async ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default)
        {
            string[] shops;
            lock (_legacy)
            {
                shops = [.. _legacy.Where(s => afterShop is null || string.CompareOrdinal(s, afterShop.Value) > 0).Take(pageSize)];
            }

            var page = new List<OfflineToken>();
            foreach (var shop in shops)
            {
                if (await Inner.GetOfflineTokenAsync(ShopDomain.Parse(shop), cancellationToken) is { } token)
                {
                    page.Add(token);
                }
            }

            return page;
        }
    }

    // Check-then-act: every rotation waits until a second one has read too, so the race is lost
    // deterministically rather than by timing.
    private sealed class ReadThenWriteRotation(IShopifyTokenStore inner) : Delegating(inner)
    {
        private readonly TaskCompletionSource _twoHaveRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _readers;

        public override async ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default)
        {
            var stored = await Inner.GetOfflineTokenAsync(current.Shop, cancellationToken);
            if (Interlocked.Increment(ref _readers) == 2)
            {
                _twoHaveRead.SetResult();
            }

            await _twoHaveRead.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (stored?.AccessToken != current.AccessToken || stored.RefreshToken != current.RefreshToken)
            {
                return false;
            }

            await Inner.SaveOfflineTokenAsync(replacement, cancellationToken);
            return true;
        }
    }

    private sealed class RefreshOnlyCompare(IShopifyTokenStore inner) : Delegating(inner)
    {
        public override async ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default)
        {
            var stored = await Inner.GetOfflineTokenAsync(current.Shop, cancellationToken);
            return stored is not null && await Inner.TryRotateOfflineTokenAsync(stored with { RefreshToken = current.RefreshToken }, replacement, cancellationToken);
        }
    }

    private sealed class WholeRecordCompare(IShopifyTokenStore inner) : Delegating(inner)
    {
        public override async ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default)
            => await Inner.GetOfflineTokenAsync(current.Shop, cancellationToken) == current && await Inner.TryRotateOfflineTokenAsync(current, replacement, cancellationToken);
    }

    // Writes every offline token unmarked, as a store that has no column for the mark would.
    private sealed class MarkDropped(IShopifyTokenStore inner) : Delegating(inner)
    {
        public override ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
            => Inner.SaveOfflineTokenAsync(token with { RequiresReauthorization = false }, cancellationToken);

        public override ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default)
            => Inner.TryRotateOfflineTokenAsync(current, replacement with { RequiresReauthorization = false }, cancellationToken);
    }

    // An upsert that leaves the mark column alone.
    private sealed class StickyMark(IShopifyTokenStore inner) : Delegating(inner)
    {
        public override async ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
        {
            var marked = (await Inner.GetOfflineTokenAsync(token.Shop, cancellationToken))?.RequiresReauthorization == true;
            await Inner.SaveOfflineTokenAsync(token with { RequiresReauthorization = marked || token.RequiresReauthorization }, cancellationToken);
        }
    }

    // Lists marked tokens too, by listing them as if unmarked.
    private sealed class MarkedTokensListed(IShopifyTokenStore inner) : Delegating(inner)
    {
        private readonly InMemoryTokenStore _unmarked = new();

        public override async ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
        {
            await Inner.SaveOfflineTokenAsync(token, cancellationToken);
            await _unmarked.SaveOfflineTokenAsync(token with { RequiresReauthorization = false }, cancellationToken);
        }

        public override async ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default)
        {
            var swapped = await Inner.TryRotateOfflineTokenAsync(current, replacement, cancellationToken);
            if (swapped)
            {
                await _unmarked.SaveOfflineTokenAsync(replacement with { RequiresReauthorization = false }, cancellationToken);
            }

            return swapped;
        }

        public override async ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default)
            => await _unmarked.UpdateScopesAsync(shop, scopes, cancellationToken) & await Inner.UpdateScopesAsync(shop, scopes, cancellationToken);

        public override ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default)
            => _unmarked.ListDueOfflineTokensAsync(query, cancellationToken);
    }

    private sealed class OfflineOnlyDelete(IShopifyTokenStore inner) : Delegating(inner)
    {
        public override async ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default)
        {
            var online = new List<OnlineToken>();
            for (var user = 1L; user <= 10; user++)
            {
                if (await Inner.GetOnlineTokenAsync(shop, user, cancellationToken) is { } token)
                {
                    online.Add(token);
                }
            }

            await Inner.DeleteShopAsync(shop, cancellationToken);
            foreach (var token in online)
            {
                await Inner.SaveOnlineTokenAsync(token, cancellationToken);
            }
        }
    }

    private sealed class CollationOrderedListing(IShopifyTokenStore inner) : Delegating(inner)
    {
        private static readonly StringComparer Collation = StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, System.Globalization.CompareOptions.IgnoreSymbols);

        public override async ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default)
        {
            var all = await Inner.ListDueOfflineTokensAsync(query with { AfterShop = null, PageSize = DueOfflineTokensQuery.MaxPageSize }, cancellationToken);
            return [.. all.Where(t => query.AfterShop is null || Collation.Compare(t.Shop.Value, query.AfterShop.Value) > 0).OrderBy(t => t.Shop.Value, Collation).Take(query.PageSize)];
        }
    }

    private sealed class InclusiveBoundListing(IShopifyTokenStore inner) : Delegating(inner)
    {
        public override ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default)
            => Inner.ListDueOfflineTokensAsync(
                query with { AccessTokenExpiresBefore = query.AccessTokenExpiresBefore?.AddTicks(1), RefreshTokenExpiresBefore = query.RefreshTokenExpiresBefore?.AddTicks(1) },
                cancellationToken);
    }

    private sealed class SecondPrecision(IShopifyTokenStore inner) : Delegating(inner)
    {
        public override ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
            => Inner.SaveOfflineTokenAsync(token with { ExpiresAt = Truncate(token.ExpiresAt), RefreshTokenExpiresAt = Truncate(token.RefreshTokenExpiresAt) }, cancellationToken);

        private static DateTimeOffset? Truncate(DateTimeOffset? time) => time?.AddTicks(-(time.Value.UtcTicks % TimeSpan.TicksPerSecond));
    }

    private sealed class ScopeUpdateDropsRefreshExpiry(IShopifyTokenStore inner) : Delegating(inner)
    {
        public override async ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default)
        {
            if (await Inner.GetOfflineTokenAsync(shop, cancellationToken) is not { } stored)
            {
                return false;
            }

            await Inner.SaveOfflineTokenAsync(stored with { Scopes = scopes, RefreshTokenExpiresAt = stored.ExpiresAt }, cancellationToken);
            return true;
        }
    }
}
