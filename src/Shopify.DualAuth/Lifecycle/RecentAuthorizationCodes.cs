using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Lifecycle;

/// <summary>
/// The authorization codes this process redeemed in the last minutes, so a reloaded OAuth callback
/// (the same code a second time, which Shopify refuses) can be answered with the token the first
/// hit stored. Codes are kept only as SHA-256 digests, with the kind of token they produced.
/// </summary>
internal sealed class RecentAuthorizationCodes
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    public const int Capacity = 1_000;

    private readonly ConcurrentDictionary<string, Redemption> _codes = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public RecentAuthorizationCodes(TimeProvider time) => _time = time;

    /// <summary>The key of a code: a digest of shop and code, so the code itself is not kept.</summary>
    public static string Key(ShopDomain shop, string code)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shop.Value + "\n" + code)));

    public void Add(string key, AuthorizationCodeGrant grant)
    {
        var now = _time.GetUtcNow();
        if (_codes.Count >= Capacity)
        {
            foreach (var entry in _codes)
            {
                if (now - entry.Value.RedeemedAt >= Retention)
                {
                    _codes.TryRemove(entry);
                }
            }

            // Still full of fresh codes (a burst of installs): the oldest make room.
            var excess = _codes.Count - (Capacity * 3 / 4);
            foreach (var entry in _codes.OrderBy(e => e.Value.RedeemedAt).Take(Math.Max(0, excess)).ToList())
            {
                _codes.TryRemove(entry);
            }
        }

        _codes[key] = new Redemption(grant.AccessMode, grant.Online?.User.Id, now);
    }

    public bool TryGet(string key, out Redemption redemption)
        => _codes.TryGetValue(key, out redemption) && _time.GetUtcNow() - redemption.RedeemedAt < Retention;

    /// <summary>What a redeemed code produced: an offline token, or an online token for one user.</summary>
    public readonly record struct Redemption(AccessMode Mode, long? UserId, DateTimeOffset RedeemedAt);
}
