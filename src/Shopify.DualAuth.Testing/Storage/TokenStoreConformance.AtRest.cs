using System.Text;
using static Shopify.DualAuth.Testing.Storage.ConformanceData;

namespace Shopify.DualAuth.Testing.Storage;

public sealed partial class TokenStoreConformance
{
    /// <summary>
    /// No access or refresh token, current or replaced, appears in clear (UTF-8 or UTF-16) in what
    /// <see cref="ReadRawStorage"/> returns, while the shop domain (kept queryable) does, which proves
    /// the raw bytes are really the store's.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    /// <exception cref="InvalidOperationException"><see cref="ReadRawStorage"/> is not set.</exception>
    public Task EncryptedAtRestAsync(CancellationToken cancellationToken = default)
    {
        var readRaw = ReadRawStorage ?? throw new InvalidOperationException($"The {EncryptedAtRestCheckName} check needs {nameof(ReadRawStorage)}: a delegate returning the bytes the store keeps at rest.");
        return WithStoreAsync(async (store, clock, data) =>
        {
            var shop = data.Shop("at-rest");
            var now = clock.GetUtcNow();
            var first = Expiring(shop, now);
            var rotated = Expiring(shop, now);
            var legacy = Legacy(data.Shop("at-rest-legacy"));
            var online = Online(shop, 42, now.AddHours(1));
            await store.SaveOfflineTokenAsync(first, cancellationToken).ConfigureAwait(false);
            await store.SaveOfflineTokenAsync(legacy, cancellationToken).ConfigureAwait(false);
            await store.SaveOnlineTokenAsync(online, cancellationToken).ConfigureAwait(false);
            ConformanceAssert.True(await store.TryRotateOfflineTokenAsync(first, rotated, cancellationToken).ConfigureAwait(false), "Rotating from the stored token must succeed.");

            var raw = await readRaw(store, cancellationToken).ConfigureAwait(false);

            ConformanceAssert.True(Contains(raw, shop.Value), "The raw storage must contain the shop domain (it stays queryable); otherwise ReadRawStorage did not return this store's data.");
            var secrets = new (string What, string? Value)[]
            {
                ("replaced access token", first.AccessToken),
                ("replaced refresh token", first.RefreshToken),
                ("current access token", rotated.AccessToken),
                ("current refresh token", rotated.RefreshToken),
                ("legacy access token", legacy.AccessToken),
                ("online access token", online.AccessToken),
            };
            foreach (var (what, value) in secrets)
            {
                ConformanceAssert.True(!Contains(raw, value!), $"The {what} appears in clear in the raw storage: tokens must be encrypted at rest through ITokenProtector.");
            }
        });
    }

    private static bool Contains(byte[] raw, string text)
        => raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || raw.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
}
