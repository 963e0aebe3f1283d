using Shopify.DualAuth.Storage;
using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    /// <summary>
    /// <see cref="OfflineToken.RequiresReauthorization"/> is set by a rotation from the stored token to
    /// the same token marked (the access and refresh tokens do not change), survives a scope update,
    /// takes the token out of the due list, and is cleared by a fresh save (a new install).
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task ReauthorizationMarkIsKeptUntilASaveAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("reauthorize");
        var now = clock.GetUtcNow();
        var token = Expiring(shop, now.AddMinutes(1), now.AddDays(90));
        var marked = token with { RequiresReauthorization = true };
        var due = new DueOfflineTokensQuery(now.AddHours(2), now.AddDays(100), PageSize: DueOfflineTokensQuery.MaxPageSize);
        await store.SaveOfflineTokenAsync(token, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.True((await ListAllDueAsync(store, data, due, DueOfflineTokensQuery.MaxPageSize, cancellationToken).ConfigureAwait(false)).Count == 1, "An unmarked expiring token near its expiry must be due.");

        ConformanceAssert.True(await store.TryRotateOfflineTokenAsync(token, marked, cancellationToken).ConfigureAwait(false), "Rotating from the stored token to the same token marked RequiresReauthorization must succeed.");
        ConformanceAssert.Equal(marked, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "The mark must be stored by the rotation.");
        ConformanceAssert.True(!await store.TryRotateOfflineTokenAsync(Expiring(shop, now), marked, cancellationToken).ConfigureAwait(false), "Marking must be a compare-and-swap like any rotation: from another token it must fail.");

        ConformanceAssert.True(await store.UpdateScopesAsync(shop, ManyScopes, cancellationToken).ConfigureAwait(false), "Updating the scopes of a marked token must succeed.");
        ConformanceAssert.Equal(marked with { Scopes = ManyScopes }, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "A scope update must keep the mark.");
        ConformanceAssert.True((await ListAllDueAsync(store, data, due, DueOfflineTokensQuery.MaxPageSize, cancellationToken).ConfigureAwait(false)).Count == 0, "A token marked RequiresReauthorization must never be listed as due: no refresh can succeed.");

        var reinstalled = Expiring(shop, now.AddMinutes(1), now.AddDays(90));
        await store.SaveOfflineTokenAsync(reinstalled, cancellationToken).ConfigureAwait(false);
        var read = ConformanceAssert.NotNull(await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "A saved token must read back.");
        ConformanceAssert.True(!read.RequiresReauthorization, "A fresh save (a new install) must clear the mark.");
        ConformanceAssert.Equal(reinstalled, read, "A fresh save must replace the marked token entirely.");
        ConformanceAssert.True((await ListAllDueAsync(store, data, due, DueOfflineTokensQuery.MaxPageSize, cancellationToken).ConfigureAwait(false)).Count == 1, "The freshly saved token must be due again.");
    });
}
