namespace Shopify.DualAuth.Redis.Internal;

/// <summary>
/// The Lua scripts behind every write. Each runs atomically on the server, so a write of a value
/// and of the indexes that point at it can never be seen half done, and the compare-and-swap of a
/// rotation is one round trip. StackExchange.Redis sends them by SHA once the server knows them.
/// </summary>
/// <remarks>
/// Offline token hash fields: <c>fingerprint</c>, <c>payload</c> (protected), <c>scopes</c>,
/// <c>expires_at</c> and <c>refresh_expires_at</c> (Unix ms, absent for a legacy token),
/// <c>reauthorize</c> (<c>1</c> while Shopify refuses the token, absent otherwise). Online
/// token hash fields: <c>payload</c>, <c>scopes</c>, <c>user_scopes</c>, <c>expires_at</c>.
/// </remarks>
internal static class RedisTokenScripts
{
    /// <summary>
    /// Replaces the offline token and its places in the due sets and the legacy set.
    /// KEYS: offline hash, due-by-access set, due-by-refresh set, legacy set.
    /// ARGV: shop, fingerprint, payload, scopes, access expiry ms or '', refresh expiry ms or '',
    /// '1' when the token requires re-authorization or ''.
    /// </summary>
    public const string SaveOffline = WriteOfflineBody + "\nreturn 1";

    /// <summary>
    /// Replaces the offline token only while its fingerprint is still the expected one.
    /// KEYS: as <see cref="SaveOffline"/>. ARGV: as <see cref="SaveOffline"/>, then the expected fingerprint.
    /// Returns 1 when swapped, 0 when the stored token is another one or missing.
    /// </summary>
    public const string RotateOffline = """
        if redis.call('HGET', KEYS[1], 'fingerprint') ~= ARGV[8] then
          return 0
        end
        """ + "\n" + WriteOfflineBody + "\nreturn 1";

    /// <summary>
    /// Sets the scopes of an existing offline token. KEYS: offline hash. ARGV: scopes.
    /// Returns 1 when the token exists.
    /// </summary>
    public const string UpdateScopes = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          return 0
        end
        redis.call('HSET', KEYS[1], 'scopes', ARGV[1])
        return 1
        """;

    /// <summary>
    /// Stores an online token with its time to live and records it in the shop's index.
    /// KEYS: online hash, shop's online index.
    /// ARGV: user ID, payload, scopes, user scopes, expiry ms, TTL ms, now ms, online key prefix.
    /// </summary>
    public const string SaveOnline = """
        local now, prefix = tonumber(ARGV[7]), ARGV[8]
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'payload', ARGV[2], 'scopes', ARGV[3], 'user_scopes', ARGV[4], 'expires_at', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
        """ + "\n" + MaintainIndexBody + "\nreturn 1";

    /// <summary>
    /// Deletes an online token and its index entry. KEYS: online hash, shop's online index.
    /// ARGV: user ID, now ms, online key prefix.
    /// </summary>
    public const string DeleteOnline = """
        local now, prefix = tonumber(ARGV[2]), ARGV[3]
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        """ + "\n" + MaintainIndexBody + "\nreturn 1";

    /// <summary>
    /// Deletes everything of a shop: the online tokens its index names, the index, the offline
    /// token and its due-set and legacy-set entries. KEYS: offline hash, online index, due-by-access
    /// set, due-by-refresh set, legacy set. ARGV: shop, online key prefix.
    /// </summary>
    public const string DeleteShop = """
        local users = redis.call('ZRANGE', KEYS[2], 0, -1)
        for _, user in ipairs(users) do
          redis.call('DEL', ARGV[2] .. user)
        end
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZREM', KEYS[4], ARGV[1])
        redis.call('ZREM', KEYS[5], ARGV[1])
        return #users
        """;

    // A legacy token has no expiry, and a token awaiting re-authorization cannot be refreshed, so
    // either leaves the due sets: it is never due. The legacy set lists every shop holding a legacy
    // token, marked or not (what the migration must still deal with); an expiring token leaves it.
    private const string WriteOfflineBody = """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'fingerprint', ARGV[2], 'payload', ARGV[3], 'scopes', ARGV[4])
        if ARGV[7] ~= '' then
          redis.call('HSET', KEYS[1], 'reauthorize', ARGV[7])
        end
        if ARGV[5] ~= '' then
          redis.call('HSET', KEYS[1], 'expires_at', ARGV[5], 'refresh_expires_at', ARGV[6])
          redis.call('ZREM', KEYS[4], ARGV[1])
        else
          redis.call('ZADD', KEYS[4], 0, ARGV[1])
        end
        if ARGV[5] ~= '' and ARGV[7] == '' then
          redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
          redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
        else
          redis.call('ZREM', KEYS[2], ARGV[1])
          redis.call('ZREM', KEYS[3], ARGV[1])
        end
        """;

    // Drops index entries whose token has expired and whose key Redis has already removed (an entry
    // whose key still exists stays, so deleting the shop still finds it), then lets the index
    // itself expire a minute after its last token, or removes it when empty. Expects the locals
    // 'now' (ms) and 'prefix' (the shop's online key prefix) and KEYS[2] to be the index.
    private const string MaintainIndexBody = """
        local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
        for _, user in ipairs(stale) do
          if redis.call('EXISTS', prefix .. user) == 0 then
            redis.call('ZREM', KEYS[2], user)
          end
        end
        local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
        if last[2] == nil then
          redis.call('DEL', KEYS[2])
        else
          local ttl = tonumber(last[2]) - now
          if ttl < 0 then ttl = 0 end
          redis.call('PEXPIRE', KEYS[2], math.floor(ttl) + 60000)
        end
        """;
}
