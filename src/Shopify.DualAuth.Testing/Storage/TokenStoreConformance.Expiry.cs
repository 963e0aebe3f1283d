using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    /// <summary>
    /// An online token reads as missing from the moment the store's clock reaches its expiry, one
    /// saved already expired never reads back, and a new token for the same user reads normally.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task ExpiredOnlineTokensReadAsMissingAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("expiry");
        var now = clock.GetUtcNow();
        var live = Online(shop, 1, now.AddMinutes(10));
        var longer = Online(shop, 3, now.AddHours(1));
        await store.SaveOnlineTokenAsync(live, cancellationToken).ConfigureAwait(false);
        await store.SaveOnlineTokenAsync(Online(shop, 2, now.AddSeconds(-1)), cancellationToken).ConfigureAwait(false);
        await store.SaveOnlineTokenAsync(longer, cancellationToken).ConfigureAwait(false);

        ConformanceAssert.Equal(live, await store.GetOnlineTokenAsync(shop, 1, cancellationToken).ConfigureAwait(false), "An unexpired online token must read back.");
        ConformanceAssert.Null(await store.GetOnlineTokenAsync(shop, 2, cancellationToken).ConfigureAwait(false), "An online token saved already expired must read as missing.");

        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        ConformanceAssert.Equal(live, await store.GetOnlineTokenAsync(shop, 1, cancellationToken).ConfigureAwait(false), "An online token must read back until its expiry (the store must use the TimeProvider it was given).");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        ConformanceAssert.Null(await store.GetOnlineTokenAsync(shop, 1, cancellationToken).ConfigureAwait(false), "An online token must read as missing once the store's clock reaches its expiry (the store must use the TimeProvider it was given).");
        ConformanceAssert.Equal(longer, await store.GetOnlineTokenAsync(shop, 3, cancellationToken).ConfigureAwait(false), "Another user's unexpired token must still read back.");

        var renewed = Online(shop, 1, clock.GetUtcNow().AddHours(24));
        await store.SaveOnlineTokenAsync(renewed, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.Equal(renewed, await store.GetOnlineTokenAsync(shop, 1, cancellationToken).ConfigureAwait(false), "A new online token saved after the old one expired must read back.");
    });
}
