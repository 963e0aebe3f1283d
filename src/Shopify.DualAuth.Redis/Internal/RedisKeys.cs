using StackExchange.Redis;

namespace Shopify.DualAuth.Redis.Internal;

/// <summary>
/// Names every key of one store or lock. The prefix is wrapped in braces, a Redis Cluster hash tag,
/// so all keys land in one slot and a script may touch any of them atomically.
/// </summary>
internal sealed class RedisKeys
{
    /// <summary>Explains a rejected prefix.</summary>
    public const string PrefixRule = "The Redis key prefix must be 1 to 100 characters, each a letter, digit, '-', '_', '.' or ':'.";

    private const int MaxPrefixLength = 100;
    private readonly string _root;

    public RedisKeys(string prefix)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException(PrefixRule, nameof(prefix));
        }

        _root = "{" + prefix + "}:";
        DueByAccessExpiry = _root + "due:access";
        DueByRefreshExpiry = _root + "due:refresh";
        Legacy = _root + "legacy";
    }

    /// <summary>Sorted set of shops scored by access-token expiry (Unix ms).</summary>
    public RedisKey DueByAccessExpiry { get; }

    /// <summary>Sorted set of shops scored by refresh-token expiry (Unix ms).</summary>
    public RedisKey DueByRefreshExpiry { get; }

    /// <summary>Sorted set of the shops holding a legacy non-expiring token, all scored 0 so they page in byte order.</summary>
    public RedisKey Legacy { get; }

    public static bool IsValidPrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > MaxPrefixLength)
        {
            return false;
        }

        foreach (var c in prefix)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hash holding a shop's offline token.</summary>
    public RedisKey Offline(ShopDomain shop) => _root + "offline:" + shop.Value;

    /// <summary>The start of a shop's online-token keys; the user ID completes it.</summary>
    public string OnlinePrefix(ShopDomain shop) => _root + "online:" + shop.Value + ":";

    /// <summary>Hash holding one user's online token.</summary>
    public RedisKey Online(ShopDomain shop, long userId)
        => OnlinePrefix(shop) + userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sorted set of the shop's online-token user IDs, scored by expiry (Unix ms).</summary>
    public RedisKey OnlineIndex(ShopDomain shop) => _root + "online-index:" + shop.Value;

    /// <summary>The distributed lock of a shop.</summary>
    public RedisKey Lock(ShopDomain shop) => _root + "lock:" + shop.Value;
}
