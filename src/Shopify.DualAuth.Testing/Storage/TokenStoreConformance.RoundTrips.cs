using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    /// <summary>
    /// Expiring and legacy offline tokens read back equal in every field: 1,000-character tokens,
    /// 200 scopes, expiry times with milliseconds and a non-UTC offset, and
    /// <see cref="OfflineToken.RequiresReauthorization"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task OfflineTokenRoundTripsEveryFieldAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var now = clock.GetUtcNow();
        var expiring = new OfflineToken(
            data.Shop("offline-expiring"),
            Secret("shpat_") + new string('a', 1000),
            ManyScopes,
            now.AddMinutes(61).AddMilliseconds(123).ToOffset(TimeSpan.FromHours(5.5)),
            Secret("shprt_") + new string('r', 1000),
            now.AddDays(90).AddMilliseconds(7));
        var legacy = Legacy(data.Shop("offline-legacy"));
        var marked = Expiring(data.Shop("offline-marked"), now) with { RequiresReauthorization = true };
        var markedLegacy = Legacy(data.Shop("offline-marked-legacy")) with { RequiresReauthorization = true };

        foreach (var token in (OfflineToken[])[expiring, legacy, marked, markedLegacy])
        {
            await store.SaveOfflineTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }

        ConformanceAssert.Equal(expiring, await store.GetOfflineTokenAsync(expiring.Shop, cancellationToken).ConfigureAwait(false), "An expiring offline token must read back equal in every field (tokens, scopes, both expiry times to the millisecond).");
        ConformanceAssert.Equal(legacy, await store.GetOfflineTokenAsync(legacy.Shop, cancellationToken).ConfigureAwait(false), "A legacy offline token must read back with no expiry and no refresh token.");
        ConformanceAssert.Equal(marked, await store.GetOfflineTokenAsync(marked.Shop, cancellationToken).ConfigureAwait(false), "An expiring offline token marked RequiresReauthorization must read back marked, equal in every field.");
        ConformanceAssert.Equal(markedLegacy, await store.GetOfflineTokenAsync(markedLegacy.Shop, cancellationToken).ConfigureAwait(false), "A legacy offline token marked RequiresReauthorization must read back marked, equal in every field.");
    });

    /// <summary>
    /// Online tokens read back equal in every field, for several users of one shop: 64-bit user IDs
    /// beyond 2^53, unicode names, every user flag, 200 scopes.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task OnlineTokenRoundTripsEveryFieldAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("online");
        var expiresAt = clock.GetUtcNow().AddHours(24).AddMilliseconds(999);
        OnlineToken[] tokens =
        [
            new(shop, Secret("shpua_"), ManyScopes, ScopeSet.Parse("read_resource_000,write_resource_001"), expiresAt,
                new ShopifyUser(9_007_199_254_740_993, "Zoë", "Ørsted 山田 🎉", "zoë+tag@example.com", EmailVerified: true, AccountOwner: true, "pt-BR", Collaborator: false)),
            new(shop, Secret("shpua_"), Scopes, ScopeSet.Empty, expiresAt.AddMinutes(1),
                new ShopifyUser(long.MaxValue, "", "", "", EmailVerified: false, AccountOwner: false, "", Collaborator: true)),
            new(shop, Secret("shpua_"), Scopes, Scopes, expiresAt.ToOffset(TimeSpan.FromHours(-7)),
                new ShopifyUser(40_620_294_219, "Ann", "Lee", "ann@example.com", EmailVerified: true, AccountOwner: false, "en", Collaborator: true)),
        ];

        foreach (var token in tokens)
        {
            await store.SaveOnlineTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }

        foreach (var token in tokens)
        {
            ConformanceAssert.Equal(
                token,
                await store.GetOnlineTokenAsync(shop, token.User.Id, cancellationToken).ConfigureAwait(false),
                $"The online token of user {token.User.Id} must read back equal in every field (user ID as a full 64-bit value, names, email, flags, locale, both scope sets, expiry to the millisecond).");
        }
    });

    /// <summary>Unknown shops and users read as missing; operations on them report that nothing happened and do not throw.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task MissingKeysReadAsMissingAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var known = data.Shop("known");
        var unknown = data.Shop("unknown");
        var now = clock.GetUtcNow();
        await store.SaveOfflineTokenAsync(Expiring(known, now), cancellationToken).ConfigureAwait(false);
        await store.SaveOnlineTokenAsync(Online(known, 1, now.AddHours(1)), cancellationToken).ConfigureAwait(false);

        ConformanceAssert.Null(await store.GetOfflineTokenAsync(unknown, cancellationToken).ConfigureAwait(false), "A shop with no offline token must read as null.");
        ConformanceAssert.Null(await store.GetOnlineTokenAsync(unknown, 1, cancellationToken).ConfigureAwait(false), "A shop with no online tokens must read as null.");
        ConformanceAssert.Null(await store.GetOnlineTokenAsync(known, 2, cancellationToken).ConfigureAwait(false), "A user with no online token must read as null even when other users of the shop have one.");
        var orphan = Expiring(unknown, now);
        ConformanceAssert.True(!await store.TryRotateOfflineTokenAsync(orphan, Expiring(unknown, now), cancellationToken).ConfigureAwait(false), "Rotating the token of a shop that has none must return false.");
        ConformanceAssert.Null(await store.GetOfflineTokenAsync(unknown, cancellationToken).ConfigureAwait(false), "A failed rotation must not create a token.");
        ConformanceAssert.True(!await store.UpdateScopesAsync(unknown, Scopes, cancellationToken).ConfigureAwait(false), "Updating the scopes of a shop with no offline token must return false.");
        ConformanceAssert.Null(await store.GetOfflineTokenAsync(unknown, cancellationToken).ConfigureAwait(false), "Updating scopes must not create a token.");
        await store.DeleteOnlineTokenAsync(unknown, 1, cancellationToken).ConfigureAwait(false);
        await store.DeleteOnlineTokenAsync(known, 2, cancellationToken).ConfigureAwait(false);
        await store.DeleteShopAsync(unknown, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.True(await store.GetOnlineTokenAsync(known, 1, cancellationToken).ConfigureAwait(false) is not null, "Deleting a missing user's token must not touch other users.");
    });

    /// <summary>Saving replaces the previous offline token (expiring or legacy, either way) and the previous online token of the same user.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    public Task SaveOverwritesAsync(CancellationToken cancellationToken = default) => WithStoreAsync(async (store, clock, data) =>
    {
        var shop = data.Shop("overwrite");
        var now = clock.GetUtcNow();
        OfflineToken[] offline = [Expiring(shop, now), Legacy(shop), Expiring(shop, now.AddHours(2), now.AddDays(80), ManyScopes)];
        foreach (var token in offline)
        {
            await store.SaveOfflineTokenAsync(token, cancellationToken).ConfigureAwait(false);
            ConformanceAssert.Equal(token, await store.GetOfflineTokenAsync(shop, cancellationToken).ConfigureAwait(false), "Saving an offline token must replace the shop's previous one entirely (including a switch between expiring and legacy).");
        }

        var first = Online(shop, 7, now.AddHours(2));
        var second = Online(shop, 7, now.AddHours(1)) with { UserScopes = ScopeSet.Empty };
        await store.SaveOnlineTokenAsync(first, cancellationToken).ConfigureAwait(false);
        await store.SaveOnlineTokenAsync(second, cancellationToken).ConfigureAwait(false);
        ConformanceAssert.Equal(second, await store.GetOnlineTokenAsync(shop, 7, cancellationToken).ConfigureAwait(false), "Saving an online token must replace the user's previous one, even one that expires later.");
    });
}
