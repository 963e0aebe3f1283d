using Shopify.DualAuth.Storage;
using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    // Handles whose ordinal order differs from a locale collation (which ignores '-' and may sort
    // digits or case differently), so a store that sorts by collation fails the paging check.
    private static readonly string[] PagingHandles =
        ["a", "a-", "a-a", "a-b", "a0", "a9", "aa", "ab", "b", "b-1", "b1", "b10", "b2", "m", "m-m-m", "m0", "mm", "mmm", "z", "0", "0-0", "00", "9"];

    /// <summary>
    /// Due tokens are those whose access token expires strictly before the access bound or whose
    /// refresh token expires strictly before the refresh bound; a null bound is ignored, no bound
    /// selects nothing, and legacy tokens are never due.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task DueTokensMatchEitherBoundAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var now = clock.GetUtcNow();
        var accessBound = now.AddMinutes(10);
        var refreshBound = now.AddDays(7);
        var tokens = new Dictionary<string, OfflineToken>(StringComparer.Ordinal)
        {
            ["access"] = Expiring(data.Shop("due-access"), now.AddMinutes(5), now.AddDays(90)),
            ["expired"] = Expiring(data.Shop("due-expired"), now.AddHours(-1), now.AddDays(80)),
            ["refresh"] = Expiring(data.Shop("due-refresh"), now.AddHours(1), now.AddDays(1)),
            ["both"] = Expiring(data.Shop("due-both"), now.AddMinutes(1), now.AddDays(2)),
            ["none"] = Expiring(data.Shop("due-none"), now.AddHours(1), now.AddDays(90)),
            ["bound"] = Expiring(data.Shop("due-at-bound"), accessBound, refreshBound),
            ["legacy"] = Legacy(data.Shop("due-legacy")),
        };
        foreach (var token in tokens.Values)
        {
            await store.SaveOfflineTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }

        async Task ExpectAsync(DueOfflineTokensQuery query, string[] expected, string rule)
        {
            var due = await ListAllDueAsync(store, data, query, DueOfflineTokensQuery.MaxPageSize, cancellationToken).ConfigureAwait(false);
            var wanted = expected.Select(k => tokens[k]).OrderBy(t => t.Shop.Value, StringComparer.Ordinal).ToArray();
            ConformanceAssert.Equal(string.Join(", ", wanted.Select(t => t.Shop.Handle)), string.Join(", ", due.Select(t => t.Shop.Handle)), rule);
            for (var i = 0; i < wanted.Length; i++)
            {
                ConformanceAssert.Equal(wanted[i], due[i], "A listed token must be complete: tokens, scopes and expiry times.");
            }
        }

        await ExpectAsync(new(accessBound, refreshBound), ["access", "expired", "refresh", "both"], "With both bounds, tokens due by either bound must be listed, and no others (a token expiring exactly at a bound is not due; legacy tokens never are).").ConfigureAwait(false);
        await ExpectAsync(new(accessBound, null), ["access", "expired", "both"], "With only an access bound, only tokens whose access token expires before it must be listed.").ConfigureAwait(false);
        await ExpectAsync(new(null, refreshBound), ["refresh", "both"], "With only a refresh bound, only tokens whose refresh token expires before it must be listed.").ConfigureAwait(false);
        await ExpectAsync(new(null, null), [], "A query with neither bound must select nothing.").ConfigureAwait(false);
        await ExpectAsync(new(now.AddYears(10), now.AddYears(10)), ["access", "expired", "refresh", "both", "none", "bound"], "Every expiring token must be due against far bounds; legacy tokens never are.").ConfigureAwait(false);
    });

    /// <summary>
    /// Paging through due tokens with <see cref="DueOfflineTokensQuery.AfterShop"/> returns every
    /// due shop exactly once, in ordinal order, at every page size.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task DueTokensPageWithoutGapsOrRepeatsAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var now = clock.GetUtcNow();
        var due = PagingHandles.Select(h => Expiring(data.Shop("p" + h), now.AddMinutes(1), now.AddDays(90))).ToArray();
        foreach (var token in due)
        {
            await store.SaveOfflineTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }

        await store.SaveOfflineTokenAsync(Expiring(data.Shop("pa-later"), now.AddHours(1), now.AddDays(90)), cancellationToken).ConfigureAwait(false);
        await store.SaveOfflineTokenAsync(Legacy(data.Shop("pa-legacy")), cancellationToken).ConfigureAwait(false);
        var expected = string.Join(", ", due.Select(t => t.Shop.Value).Order(StringComparer.Ordinal));
        var query = new DueOfflineTokensQuery(now.AddMinutes(10), null);

        foreach (var pageSize in new[] { 1, 2, 5, PagingHandles.Length, PagingHandles.Length + 1, DueOfflineTokensQuery.MaxPageSize })
        {
            var listed = await ListAllDueAsync(store, data, query, pageSize, cancellationToken).ConfigureAwait(false);
            ConformanceAssert.Equal(expected, string.Join(", ", listed.Select(t => t.Shop.Value)), $"Paging with page size {pageSize} must list every due shop once, in ordinal order of the shop domain (byte order, not a locale collation).");
        }

        var middle = data.Shop("pa-not-stored");
        var afterMiddle = await store.ListDueOfflineTokensAsync(query with { AfterShop = middle, PageSize = DueOfflineTokensQuery.MaxPageSize }, cancellationToken).ConfigureAwait(false);
        var expectedAfter = due.Select(t => t.Shop.Value).Where(s => string.CompareOrdinal(s, middle.Value) > 0).Order(StringComparer.Ordinal).ToArray();
        ConformanceAssert.Equal(
            string.Join(", ", expectedAfter),
            string.Join(", ", afterMiddle.Where(t => data.IsOwn(t.Shop)).Select(t => t.Shop.Value)),
            "AfterShop need not be stored: the page must start at the first due shop ordinally after it.");
    });

    /// <summary>
    /// A page size below 1 or above <see cref="DueOfflineTokensQuery.MaxPageSize"/> is refused with
    /// <see cref="ArgumentOutOfRangeException"/>, by the due listing and the legacy listing alike.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task InvalidPageSizeIsRejectedAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var bound = clock.GetUtcNow().AddDays(1);
        foreach (var pageSize in new[] { 0, -1, DueOfflineTokensQuery.MaxPageSize + 1 })
        {
            await ConformanceAssert.ThrowsAsync<ArgumentOutOfRangeException>(
                async () => await store.ListDueOfflineTokensAsync(new(bound, bound, PageSize: pageSize), cancellationToken).ConfigureAwait(false),
                $"Page size {pageSize} must be refused with ArgumentOutOfRangeException.").ConfigureAwait(false);
            await ConformanceAssert.ThrowsAsync<ArgumentOutOfRangeException>(
                async () => await store.ListLegacyOfflineTokensAsync(null, pageSize, cancellationToken).ConfigureAwait(false),
                $"Page size {pageSize} must be refused with ArgumentOutOfRangeException when listing legacy tokens.").ConfigureAwait(false);
        }
    });

    // Pages through everything due (other checks' shops included, when the store is shared),
    // checking the paging rules on every page, and returns this check's own shops.
    private static async Task<List<OfflineToken>> ListAllDueAsync(IShopifyTokenStore store, ConformanceData data, DueOfflineTokensQuery query, int pageSize, CancellationToken cancellationToken)
    {
        var own = new List<OfflineToken>();
        ShopDomain? after = null;
        while (true)
        {
            var page = await store.ListDueOfflineTokensAsync(query with { AfterShop = after, PageSize = pageSize }, cancellationToken).ConfigureAwait(false);
            ConformanceAssert.True(page.Count <= pageSize, $"A page must hold at most PageSize ({pageSize}) tokens; it held {page.Count}.");
            foreach (var token in page)
            {
                ConformanceAssert.True(token.IsExpiring, "A legacy non-expiring token must never be listed as due.");
                ConformanceAssert.True(after is null || string.CompareOrdinal(token.Shop.Value, after.Value) > 0, "Each listed shop must come strictly after AfterShop and after the previous shop of the page, in ordinal order: no repeats, no going back.");
                after = token.Shop;
                if (data.IsOwn(token.Shop))
                {
                    own.Add(token);
                }
            }

            if (page.Count < pageSize)
            {
                return own;
            }
        }
    }
}
