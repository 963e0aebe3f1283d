using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    /// <summary>Deleting a user's online token removes that token only.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task DeleteOnlineTokenRemovesOnlyThatUserAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("delete-user");
        var now = clock.GetUtcNow();
        var offline = Expiring(shop, now);
        var keep = Online(shop, 2, now.AddHours(1));
        await store.SaveOfflineTokenAsync(offline, cancellationToken).ConfigureAwait(false);
        await store.SaveOnlineTokenAsync(Online(shop, 1, now.AddHours(1)), cancellationToken).ConfigureAwait(false);
        await store.SaveOnlineTokenAsync(keep, cancellationToken).ConfigureAwait(false);

        await store.DeleteOnlineTokenAsync(shop, 1, cancellationToken).ConfigureAwait(false);

        ConformanceAssert.Null(await store.GetOnlineTokenAsync(shop, 1, cancellationToken).ConfigureAwait(false), "A deleted online token must read as null.");
        ConformanceAssert.Equal(keep, await store.GetOnlineTokenAsync(shop, 2, cancellationToken).ConfigureAwait(false), "Deleting one user's online token must keep the other users' tokens.");
        ConformanceAssert.Equal(offline, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "Deleting an online token must keep the shop's offline token.");
    });

    /// <summary>
    /// Deleting a shop (uninstall) removes its offline token and every online token, leaves other
    /// shops alone, and a later install stores afresh.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task DeleteShopRemovesEverythingOfThatShopOnlyAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var gone = data.Shop("uninstalled");
        var other = data.Shop("uninstalled-not");
        var now = clock.GetUtcNow();
        var goneOffline = Expiring(gone, now.AddMinutes(1), now.AddDays(1));
        var otherOffline = Expiring(other, now.AddMinutes(1), now.AddDays(1));
        var otherOnline = Online(other, 1, now.AddHours(1));
        await store.SaveOfflineTokenAsync(goneOffline, cancellationToken).ConfigureAwait(false);
        await store.SaveOfflineTokenAsync(otherOffline, cancellationToken).ConfigureAwait(false);
        await store.SaveOnlineTokenAsync(otherOnline, cancellationToken).ConfigureAwait(false);
        for (var user = 1L; user <= 3; user++)
        {
            await store.SaveOnlineTokenAsync(Online(gone, user, now.AddHours(1)), cancellationToken).ConfigureAwait(false);
        }

        await store.DeleteShopAsync(gone, cancellationToken).ConfigureAwait(false);

        ConformanceAssert.Null(await store.GetOfflineTokenAsync(gone, cancellationToken).ConfigureAwait(false), "Deleting a shop must remove its offline token.");
        for (var user = 1L; user <= 3; user++)
        {
            ConformanceAssert.Null(await store.GetOnlineTokenAsync(gone, user, cancellationToken).ConfigureAwait(false), $"Deleting a shop must remove every online token (user {user} survived).");
        }

        ConformanceAssert.Equal(otherOffline, await store.GetOfflineTokenAsync(other, cancellationToken).ConfigureAwait(false), "Deleting a shop must keep other shops' offline tokens, even one whose name starts the same.");
        ConformanceAssert.Equal(otherOnline, await store.GetOnlineTokenAsync(other, 1, cancellationToken).ConfigureAwait(false), "Deleting a shop must keep other shops' online tokens.");
        var due = await ListAllDueAsync(store, data, new(now.AddDays(365), now.AddDays(365)), 100, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.True(!due.Any(t => t.Shop == gone), "A deleted shop must not be listed as due.");
        ConformanceAssert.True(!await store.TryRotateOfflineTokenAsync(goneOffline, Expiring(gone, now), cancellationToken).ConfigureAwait(false), "Rotating a deleted shop's token must fail.");

        var reinstall = Expiring(gone, now);
        await store.SaveOfflineTokenAsync(reinstall, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.Equal(reinstall, await store.GetOfflineTokenAsync(gone, cancellationToken).ConfigureAwait(false), "A shop reinstalled after deletion must store its new token.");
    });
}
