using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    /// <summary>How many rotations race from one token in <see cref="RotationRaceHasExactlyOneWinnerAsync"/>.</summary>
    public const int RotationRaceSize = 64;

    /// <summary>
    /// A rotation succeeds only when the stored access token and refresh token both equal those of
    /// <c>current</c> (other fields of <c>current</c> do not matter), and migrates a legacy token.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task RotationSucceedsOnlyFromTheStoredTokensAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("rotate");
        var now = clock.GetUtcNow();
        var first = Expiring(shop, now);
        var second = Expiring(shop, now.AddHours(1), now.AddDays(90), ManyScopes);
        await store.SaveOfflineTokenAsync(first, cancellationToken).ConfigureAwait(false);

        ConformanceAssert.True(await store.TryRotateOfflineTokenAsync(first, second, cancellationToken).ConfigureAwait(false), "Rotating from the stored token must succeed.");
        ConformanceAssert.Equal(second, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "After a rotation the replacement must be stored in every field.");

        ConformanceAssert.True(!await store.TryRotateOfflineTokenAsync(first, Expiring(shop, now), cancellationToken).ConfigureAwait(false), "Rotating again from the replaced token must fail.");
        ConformanceAssert.True(!await store.TryRotateOfflineTokenAsync(second with { RefreshToken = Secret("shprt_") }, Expiring(shop, now), cancellationToken).ConfigureAwait(false), "Rotating from the stored access token with another refresh token must fail.");
        ConformanceAssert.True(!await store.TryRotateOfflineTokenAsync(second with { AccessToken = Secret("shpat_") }, Expiring(shop, now), cancellationToken).ConfigureAwait(false), "Rotating from the stored refresh token with another access token must fail.");
        ConformanceAssert.Equal(second, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "A failed rotation must leave the stored token untouched.");

        var third = Expiring(shop, now.AddHours(2), now.AddDays(91));
        var staleView = second with { Scopes = Scopes, ExpiresAt = now, RefreshTokenExpiresAt = now };
        ConformanceAssert.True(await store.TryRotateOfflineTokenAsync(staleView, third, cancellationToken).ConfigureAwait(false), "Rotation compares the access and refresh tokens only: differing scopes or expiry times in 'current' must not make it fail.");
        ConformanceAssert.Equal(third, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "After a rotation the replacement must be stored in every field.");

        var legacyShop = data.Shop("rotate-legacy");
        var legacy = Legacy(legacyShop);
        var migrated = Expiring(legacyShop, now);
        await store.SaveOfflineTokenAsync(legacy, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.True(await store.TryRotateOfflineTokenAsync(legacy, migrated, cancellationToken).ConfigureAwait(false), "Migrating a legacy token (no refresh token) to an expiring one by rotation must succeed.");
        ConformanceAssert.Equal(migrated, await store.GetOfflineTokenAsync(legacyShop, cancellationToken).ConfigureAwait(false), "The migrated token must be stored.");
    });

    /// <summary>
    /// <see cref="RotationRaceSize"/> concurrent rotations from the same token: exactly one succeeds
    /// and the stored token is the winner's replacement.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task RotationRaceHasExactlyOneWinnerAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("race");
        var now = clock.GetUtcNow();
        var current = Expiring(shop, now);
        await store.SaveOfflineTokenAsync(current, cancellationToken).ConfigureAwait(false);
        var replacements = Enumerable.Range(0, RotationRaceSize).Select(_ => Expiring(shop, now.AddHours(1), now.AddDays(90))).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = replacements.Select(replacement => Task.Run(
            async () =>
            {
                await start.Task.ConfigureAwait(false);
                return await store.TryRotateOfflineTokenAsync(current, replacement, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken)).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(attempts).ConfigureAwait(false);

        var winners = Enumerable.Range(0, results.Length).Where(i => results[i]).ToArray();
        ConformanceAssert.Equal(1, winners.Length, $"Exactly one of {RotationRaceSize} concurrent rotations from the same token must succeed.");
        ConformanceAssert.Equal(replacements[winners[0]], await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "The stored token must be the replacement of the one rotation that succeeded.");
    });

    /// <summary>A fresh save (reinstall, token exchange) between reading and rotating makes the rotation fail and keeps the saved token.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task RotationFailsAfterOverwriteAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("overwritten");
        var now = clock.GetUtcNow();
        var read = Expiring(shop, now);
        var reinstalled = Expiring(shop, now);
        await store.SaveOfflineTokenAsync(read, cancellationToken).ConfigureAwait(false);
        await store.SaveOfflineTokenAsync(reinstalled, cancellationToken).ConfigureAwait(false);

        ConformanceAssert.True(!await store.TryRotateOfflineTokenAsync(read, Expiring(shop, now), cancellationToken).ConfigureAwait(false), "Rotating from a token that a later save replaced must fail.");
        ConformanceAssert.Equal(reinstalled, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "The token saved later must survive the failed rotation.");
    });

    /// <summary>A replacement for another shop than <c>current</c> is refused with <see cref="ArgumentException"/> and changes nothing.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task RotationToAnotherShopIsRejectedAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("rotate-shop");
        var other = data.Shop("rotate-shop-other");
        var now = clock.GetUtcNow();
        var current = Expiring(shop, now);
        await store.SaveOfflineTokenAsync(current, cancellationToken).ConfigureAwait(false);

        await ConformanceAssert.ThrowsAsync<ArgumentException>(
            async () => await store.TryRotateOfflineTokenAsync(current, Expiring(other, now), cancellationToken).ConfigureAwait(false),
            "A replacement for another shop must be refused with ArgumentException.").ConfigureAwait(false);
        ConformanceAssert.Equal(current, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "A refused rotation must leave the stored token untouched.");
        ConformanceAssert.Null(await store.GetOfflineTokenAsync(other, cancellationToken).ConfigureAwait(false), "A refused rotation must not store the replacement under its own shop.");
    });
}
