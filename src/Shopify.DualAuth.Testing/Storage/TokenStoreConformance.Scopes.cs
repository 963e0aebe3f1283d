using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    /// <summary>
    /// Updating scopes replaces the offline token's scopes and nothing else (also after the token was
    /// read, for stores that cache), and does not disturb a rotation from the token read before the update.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task UpdateScopesKeepsTheTokensAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("scopes");
        var now = clock.GetUtcNow();
        var before = Expiring(shop, now);
        await store.SaveOfflineTokenAsync(before, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.Equal(before, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "A saved offline token must read back.");

        ConformanceAssert.True(await store.UpdateScopesAsync(shop, ManyScopes, cancellationToken).ConfigureAwait(false), "Updating the scopes of a shop with an offline token must return true.");
        ConformanceAssert.Equal(before with { Scopes = ManyScopes }, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "Updating scopes must change the scopes and keep the tokens and expiry times.");

        ConformanceAssert.True(await store.UpdateScopesAsync(shop, ScopeSet.Empty, cancellationToken).ConfigureAwait(false), "Updating to no scopes at all must succeed.");
        ConformanceAssert.Equal(ScopeSet.Empty, (await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false))?.Scopes, "An empty scope set must read back empty.");

        var after = Expiring(shop, now);
        ConformanceAssert.True(await store.TryRotateOfflineTokenAsync(before, after, cancellationToken).ConfigureAwait(false), "A scope update must not make a rotation from the same tokens fail.");
        ConformanceAssert.Equal(after, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "The rotation's replacement, scopes included, must be stored.");
    });
}
