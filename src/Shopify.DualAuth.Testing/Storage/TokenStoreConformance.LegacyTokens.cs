using Shopify.DualAuth.Storage;
using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    /// <summary>
    /// Paging through legacy tokens with <see cref="IShopifyTokenStore.ListLegacyOfflineTokensAsync"/>
    /// returns every shop holding a non-expiring token exactly once, in ordinal order, whole, at every
    /// page size, and never an expiring token.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task LegacyTokensPageWithoutGapsOrRepeatsAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var now = clock.GetUtcNow();
        var legacy = PagingHandles.Select(h => Legacy(data.Shop("l" + h))).ToArray();
        foreach (var token in legacy)
        {
            await store.SaveOfflineTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }

        await store.SaveOfflineTokenAsync(Expiring(data.Shop("la-expiring"), now), cancellationToken).ConfigureAwait(false);
        await store.SaveOfflineTokenAsync(Expiring(data.Shop("la-due"), now.AddMinutes(-5), now.AddDays(1)), cancellationToken).ConfigureAwait(false);
        var expected = legacy.OrderBy(t => t.Shop.Value, StringComparer.Ordinal).ToArray();

        foreach (var pageSize in new[] { 1, 2, 5, PagingHandles.Length, PagingHandles.Length + 1, DueOfflineTokensQuery.MaxPageSize })
        {
            var listed = await ListAllLegacyAsync(store, data, null, pageSize, cancellationToken).ConfigureAwait(false);
            ConformanceAssert.Equal(
                string.Join(", ", expected.Select(t => t.Shop.Value)),
                string.Join(", ", listed.Select(t => t.Shop.Value)),
                $"Paging legacy tokens with page size {pageSize} must list every shop holding a non-expiring token once, in ordinal order of the shop domain (byte order, not a locale collation), and no shop holding an expiring token.");
            for (var i = 0; i < expected.Length; i++)
            {
                ConformanceAssert.Equal(expected[i], listed[i], "A listed legacy token must be complete: access token and scopes.");
            }
        }

        var middle = data.Shop("la-not-stored");
        var afterMiddle = await ListAllLegacyAsync(store, data, middle, DueOfflineTokensQuery.MaxPageSize, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.Equal(
            string.Join(", ", expected.Select(t => t.Shop.Value).Where(s => string.CompareOrdinal(s, middle.Value) > 0)),
            string.Join(", ", afterMiddle.Select(t => t.Shop.Value)),
            "The after-shop need not be stored: the page must start at the first legacy shop ordinally after it.");
    });

    /// <summary>
    /// The legacy listing follows every write: a migration by rotation, a save of an expiring token
    /// and deleting the shop take a shop out of it; saving a legacy token over an expiring one puts it
    /// back; a legacy token marked <see cref="OfflineToken.RequiresReauthorization"/> stays listed, with the mark.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task LegacyTokensFollowWritesAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var now = clock.GetUtcNow();
        var migrated = data.Shop("lw-migrated");
        var saved = data.Shop("lw-saved");
        var deleted = data.Shop("lw-deleted");
        var reverted = data.Shop("lw-reverted");
        var kept = data.Shop("lw-kept");
        var marked = data.Shop("lw-marked");
        var migratedFrom = Legacy(migrated);
        var markedFrom = Legacy(marked);
        foreach (var token in new[] { migratedFrom, Legacy(saved), Legacy(deleted), Legacy(kept), markedFrom })
        {
            await store.SaveOfflineTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }

        await store.SaveOfflineTokenAsync(Expiring(reverted, now), cancellationToken).ConfigureAwait(false);

        ConformanceAssert.True(await store.TryRotateOfflineTokenAsync(migratedFrom, Expiring(migrated, now), cancellationToken).ConfigureAwait(false), "Migrating a legacy token by rotation must succeed.");
        await store.SaveOfflineTokenAsync(Expiring(saved, now), cancellationToken).ConfigureAwait(false);
        await store.DeleteShopAsync(deleted, cancellationToken).ConfigureAwait(false);
        var revertedLegacy = Legacy(reverted);
        await store.SaveOfflineTokenAsync(revertedLegacy, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.True(await store.UpdateScopesAsync(kept, ManyScopes, cancellationToken).ConfigureAwait(false), "Updating the scopes of a stored legacy token must succeed.");
        var markedTo = markedFrom with { RequiresReauthorization = true };
        ConformanceAssert.True(await store.TryRotateOfflineTokenAsync(markedFrom, markedTo, cancellationToken).ConfigureAwait(false), "Marking a legacy token by rotation must succeed.");

        var listed = await ListAllLegacyAsync(store, data, null, DueOfflineTokensQuery.MaxPageSize, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.Equal(
            string.Join(", ", new[] { kept, reverted, marked }.Select(s => s.Value).Order(StringComparer.Ordinal)),
            string.Join(", ", listed.Select(t => t.Shop.Value)),
            "After a migration by rotation, a save of an expiring token and a shop deletion, those shops must no longer be listed as legacy; a legacy token saved over an expiring one, one whose scopes changed and one marked for re-authorization must be.");
        ConformanceAssert.Equal(markedTo, listed.Single(t => t.Shop == marked), "A listed legacy token must carry its re-authorization mark.");
        ConformanceAssert.Equal(revertedLegacy, listed.Single(t => t.Shop == reverted), "A legacy token saved over an expiring one must be listed as saved.");
        ConformanceAssert.Equal(ManyScopes, listed.Single(t => t.Shop == kept).Scopes, "A listed legacy token must carry its current scopes.");
    });

    // Pages through every legacy token (other checks' shops included, when the store is shared),
    // checking the paging rules on every page, and returns this check's own shops.
    private static async Task<List<OfflineToken>> ListAllLegacyAsync(IShopifyTokenStore store, ConformanceData data, ShopDomain? start, int pageSize, CancellationToken cancellationToken)
    {
        var own = new List<OfflineToken>();
        var after = start;
        while (true)
        {
            var page = await store.ListLegacyOfflineTokensAsync(after, pageSize, cancellationToken).ConfigureAwait(false);
            ConformanceAssert.True(page.Count <= pageSize, $"A page must hold at most pageSize ({pageSize}) tokens; it held {page.Count}.");
            foreach (var token in page)
            {
                ConformanceAssert.True(!token.IsExpiring, "An expiring token must never be listed as legacy.");
                ConformanceAssert.True(after is null || string.CompareOrdinal(token.Shop.Value, after.Value) > 0, "Each listed shop must come strictly after the after-shop and after the previous shop of the page, in ordinal order: no repeats, no going back.");
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
