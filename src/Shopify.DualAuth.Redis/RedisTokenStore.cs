using System.Security.Cryptography;
using Shopify.DualAuth.Redis.Internal;
using Shopify.DualAuth.Storage;
using StackExchange.Redis;

namespace Shopify.DualAuth.Redis;

/// <summary>
/// A token store on Redis, for apps running on several servers. Every write is one Lua script, so
/// a token and the indexes that point at it change together: rotation compares the stored token's
/// fingerprint and swaps in the same script, online tokens carry a time to live and a per-shop
/// index that deleting the shop uses, two sorted sets by access and refresh expiry list the
/// tokens due for refresh, and a third lists the shops still holding a legacy token. Token secrets
/// are encrypted through <see cref="ITokenProtector"/>.
/// </summary>
public sealed class RedisTokenStore : IShopifyTokenStore
{
    private static readonly RedisValue[] OfflineFields = ["payload", "scopes", "expires_at", "refresh_expires_at", "reauthorize"];
    private static readonly RedisValue[] OnlineFields = ["payload", "scopes", "user_scopes", "expires_at"];
    private readonly IDatabase _database;
    private readonly RedisKeys _keys;
    private readonly TokenPayloadProtection _protection;
    private readonly TimeProvider _time;

    /// <summary>Creates a store on an open connection.</summary>
    /// <param name="redis">The connection; the store does not dispose it.</param>
    /// <param name="options">Database and key prefix; <see cref="RedisTokenStoreOptions.Configuration"/> is not used here.</param>
    /// <param name="protector">Encrypts tokens at rest; <see langword="null"/> only with <see cref="RedisTokenStoreOptions.AllowPlaintext"/>.</param>
    /// <param name="timeProvider">The clock that decides when an online token has expired; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The key prefix is not valid.</exception>
    /// <exception cref="InvalidOperationException">No protector was given and plaintext is not allowed.</exception>
    public RedisTokenStore(IConnectionMultiplexer redis, RedisTokenStoreOptions options, ITokenProtector? protector, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _keys = new RedisKeys(options.KeyPrefix);
        _protection = TokenPayloadProtection.Create(protector, options.AllowPlaintext, "Redis");
        _database = redis.GetDatabase(options.Database);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        cancellationToken.ThrowIfCancellationRequested();
        var fields = await _database.HashGetAsync(_keys.Offline(shop), OfflineFields).ConfigureAwait(false);
        return ReadOffline(shop, fields);
    }

    /// <inheritdoc/>
    public async ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        await _database.ScriptEvaluateAsync(RedisTokenScripts.SaveOffline, OfflineKeys(token.Shop), OfflineArguments(token, expectedFingerprint: null)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        if (current.Shop != replacement.Shop)
        {
            throw new ArgumentException("The replacement token is for another shop than the current token.", nameof(replacement));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var swapped = await _database.ScriptEvaluateAsync(
            RedisTokenScripts.RotateOffline,
            OfflineKeys(current.Shop),
            OfflineArguments(replacement, OfflineTokenFingerprint.Compute(current))).ConfigureAwait(false);
        return (int)swapped == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        cancellationToken.ThrowIfCancellationRequested();
        var fields = await _database.HashGetAsync(_keys.Online(shop, userId), OnlineFields).ConfigureAwait(false);
        if (fields[0].IsNull)
        {
            return null;
        }

        // Redis drops the key at about the same moment, but the store's clock is the one that decides.
        var expiresAt = FromUnixMilliseconds(fields[3]);
        if (expiresAt <= _time.GetUtcNow())
        {
            return null;
        }

        var payload = _protection.Unprotect((byte[])fields[0]!);
        try
        {
            return TokenPayloadSerializer.DeserializeOnline(payload, shop, userId, ScopeSet.Parse(fields[1]), ScopeSet.Parse(fields[2]), expiresAt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <inheritdoc/>
    public async ValueTask SaveOnlineTokenAsync(OnlineToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var userId = token.User.Id;
        if (token.ExpiresAt <= now)
        {
            // Already expired: it would read as missing, so make it missing (and drop any older one).
            await DeleteOnlineTokenAsync(token.Shop, userId, cancellationToken).ConfigureAwait(false);
            return;
        }

        var expiresAt = ToUnixMilliseconds(token.ExpiresAt);
        var ttl = Math.Max(1L, (long)Math.Ceiling((token.ExpiresAt - now).TotalMilliseconds));
        await _database.ScriptEvaluateAsync(
            RedisTokenScripts.SaveOnline,
            [_keys.Online(token.Shop, userId), _keys.OnlineIndex(token.Shop)],
            [
                userId,
                _protection.Protect(TokenPayloadSerializer.SerializeOnline(token)),
                token.Scopes.ToString(),
                token.UserScopes.ToString(),
                expiresAt,
                ttl,
                ToUnixMilliseconds(now),
                _keys.OnlinePrefix(token.Shop),
            ]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        cancellationToken.ThrowIfCancellationRequested();
        await _database.ScriptEvaluateAsync(
            RedisTokenScripts.DeleteOnline,
            [_keys.Online(shop, userId), _keys.OnlineIndex(shop)],
            [userId, ToUnixMilliseconds(_time.GetUtcNow()), _keys.OnlinePrefix(shop)]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        cancellationToken.ThrowIfCancellationRequested();
        await _database.ScriptEvaluateAsync(
            RedisTokenScripts.DeleteShop,
            [_keys.Offline(shop), _keys.OnlineIndex(shop), _keys.DueByAccessExpiry, _keys.DueByRefreshExpiry, _keys.Legacy],
            [shop.Value, _keys.OnlinePrefix(shop)]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(scopes);
        cancellationToken.ThrowIfCancellationRequested();
        var updated = await _database.ScriptEvaluateAsync(RedisTokenScripts.UpdateScopes, [_keys.Offline(shop)], [scopes.ToString()]).ConfigureAwait(false);
        return (int)updated == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, DueOfflineTokensQuery.MaxPageSize, nameof(query));
        cancellationToken.ThrowIfCancellationRequested();

        // The sorted sets are ordered by expiry, not by shop, so the due shops are gathered, then
        // ordered and paged here. Only due shops travel, which is a small share of all shops.
        var byAccess = DueShopsAsync(_keys.DueByAccessExpiry, query.AccessTokenExpiresBefore);
        var byRefresh = DueShopsAsync(_keys.DueByRefreshExpiry, query.RefreshTokenExpiresBefore);
        var candidates = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var shop in await byAccess.ConfigureAwait(false))
        {
            candidates.Add(shop!);
        }

        foreach (var shop in await byRefresh.ConfigureAwait(false))
        {
            candidates.Add(shop!);
        }

        var after = query.AfterShop?.Value;
        var page = new List<OfflineToken>(Math.Min(query.PageSize, candidates.Count));
        var batch = new List<ShopDomain>(query.PageSize);
        using var remaining = candidates.GetEnumerator();
        var more = true;
        while (page.Count < query.PageSize && more)
        {
            batch.Clear();
            while (batch.Count < query.PageSize - page.Count && (more = remaining.MoveNext()))
            {
                if (after is null || string.CompareOrdinal(remaining.Current, after) > 0)
                {
                    batch.Add(ShopDomain.Parse(remaining.Current));
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            // A shop may have been rotated or uninstalled since the sets were read: re-check each
            // token against the query and keep reading until the page is full.
            var reads = batch.Select(shop => _database.HashGetAsync(_keys.Offline(shop), OfflineFields)).ToArray();
            for (var i = 0; i < batch.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ReadOffline(batch[i], await reads[i].ConfigureAwait(false)) is { } token && IsDue(token, query))
                {
                    page.Add(token);
                }
            }
        }

        return page;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, DueOfflineTokensQuery.MaxPageSize);
        cancellationToken.ThrowIfCancellationRequested();

        // Every member scores 0, so ZRANGEBYLEX pages the shops in byte order, which is ordinal order.
        var page = new List<OfflineToken>(pageSize);
        var after = afterShop?.Value;
        while (page.Count < pageSize)
        {
            var wanted = pageSize - page.Count;
            var shops = await _database.SortedSetRangeByValueAsync(
                _keys.Legacy,
                after is null ? RedisValue.Null : (RedisValue)after,
                RedisValue.Null,
                after is null ? Exclude.None : Exclude.Start,
                Order.Ascending,
                skip: 0,
                take: wanted).ConfigureAwait(false);
            if (shops.Length == 0)
            {
                break;
            }

            // A shop may have been migrated or uninstalled since the set was read: re-check each
            // token and keep reading until the page is full.
            var batch = shops.Select(shop => ShopDomain.Parse(shop!)).ToArray();
            var reads = batch.Select(shop => _database.HashGetAsync(_keys.Offline(shop), OfflineFields)).ToArray();
            for (var i = 0; i < batch.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ReadOffline(batch[i], await reads[i].ConfigureAwait(false)) is { IsExpiring: false } token)
                {
                    page.Add(token);
                }
            }

            after = batch[^1].Value;
            if (shops.Length < wanted)
            {
                break;
            }
        }

        return page;
    }

    private static bool IsDue(OfflineToken token, DueOfflineTokensQuery query)
        => !token.RequiresReauthorization
        && ((query.AccessTokenExpiresBefore is { } access && token.ExpiresAt is { } expires && ToUnixMilliseconds(expires) < ExclusiveBound(access))
            || (query.RefreshTokenExpiresBefore is { } refresh && token.RefreshTokenExpiresAt is { } refreshExpires && ToUnixMilliseconds(refreshExpires) < ExclusiveBound(refresh)));

    // Stored times are whole milliseconds: "stored < bound" for an integer stored value is
    // "stored < bound rounded up to the millisecond".
    private static long ExclusiveBound(DateTimeOffset before)
    {
        var ticks = before.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return (ticks / TimeSpan.TicksPerMillisecond) + (ticks % TimeSpan.TicksPerMillisecond > 0 ? 1 : 0);
    }

    private static long ToUnixMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromUnixMilliseconds(RedisValue value) => DateTimeOffset.FromUnixTimeMilliseconds((long)value);

    private async Task<RedisValue[]> DueShopsAsync(RedisKey set, DateTimeOffset? before)
        => before is { } bound
            ? await _database.SortedSetRangeByScoreAsync(set, double.NegativeInfinity, ExclusiveBound(bound), Exclude.Stop).ConfigureAwait(false)
            : [];

    private RedisKey[] OfflineKeys(ShopDomain shop) => [_keys.Offline(shop), _keys.DueByAccessExpiry, _keys.DueByRefreshExpiry, _keys.Legacy];

    private RedisValue[] OfflineArguments(OfflineToken token, string? expectedFingerprint)
    {
        var arguments = new RedisValue[expectedFingerprint is null ? 7 : 8];
        arguments[0] = token.Shop.Value;
        arguments[1] = OfflineTokenFingerprint.Compute(token);
        arguments[2] = _protection.Protect(TokenPayloadSerializer.SerializeOffline(token));
        arguments[3] = token.Scopes.ToString();
        arguments[4] = token.ExpiresAt is { } expires ? ToUnixMilliseconds(expires) : RedisValue.EmptyString;
        arguments[5] = token.RefreshTokenExpiresAt is { } refreshExpires ? ToUnixMilliseconds(refreshExpires) : RedisValue.EmptyString;
        arguments[6] = token.RequiresReauthorization ? "1" : RedisValue.EmptyString;
        if (expectedFingerprint is not null)
        {
            arguments[7] = expectedFingerprint;
        }

        return arguments;
    }

    private OfflineToken? ReadOffline(ShopDomain shop, RedisValue[] fields)
    {
        if (fields[0].IsNull)
        {
            return null;
        }

        var payload = _protection.Unprotect((byte[])fields[0]!);
        try
        {
            var token = TokenPayloadSerializer.DeserializeOffline(
                payload,
                shop,
                ScopeSet.Parse(fields[1]),
                fields[2].IsNullOrEmpty ? null : FromUnixMilliseconds(fields[2]),
                fields[3].IsNullOrEmpty ? null : FromUnixMilliseconds(fields[3]));
            return fields[4].IsNullOrEmpty ? token : token with { RequiresReauthorization = true };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }
}
