namespace Shopify.DualAuth.Storage;

/// <summary>
/// A token store in process memory, for tests and single-process development: thread-safe, lost
/// on restart, never encrypted. Expired online tokens read as missing and are pruned as the store
/// is written to.
/// </summary>
/// <remarks>
/// One lock guards everything, so every operation, deleting a shop included, is atomic; the
/// store is meant for small data sets, where that costs nothing measurable.
/// </remarks>
public sealed class InMemoryTokenStore : IShopifyTokenStore
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<ShopDomain, OfflineToken> _offline = [];
    private readonly Dictionary<ShopDomain, Dictionary<long, OnlineToken>> _online = [];
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset _nextPrune;

    /// <summary>Creates an empty store on the system clock.</summary>
    public InMemoryTokenStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock that decides when online tokens expire.</param>
    public InMemoryTokenStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _nextPrune = timeProvider.GetUtcNow() + PruneInterval;
    }

    /// <summary>How many online tokens are held, expired ones not yet pruned included.</summary>
    internal int OnlineTokenCount
    {
        get
        {
            lock (_gate)
            {
                return _online.Values.Sum(users => users.Count);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_offline.GetValueOrDefault(shop));
        }
    }

    /// <inheritdoc/>
    public ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _offline[token.Shop] = token;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryRotateOfflineTokenAsync(OfflineToken current, OfflineToken replacement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        if (current.Shop != replacement.Shop)
        {
            throw new ArgumentException("The replacement token is for another shop than the current one.", nameof(replacement));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_offline.TryGetValue(current.Shop, out var stored)
                || !string.Equals(stored.AccessToken, current.AccessToken, StringComparison.Ordinal)
                || !string.Equals(stored.RefreshToken, current.RefreshToken, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(false);
            }

            _offline[current.Shop] = replacement;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_online.TryGetValue(shop, out var users) || !users.TryGetValue(userId, out var token))
            {
                return ValueTask.FromResult<OnlineToken?>(null);
            }

            if (token.ExpiresAt > now)
            {
                return ValueTask.FromResult<OnlineToken?>(token);
            }

            RemoveOnline(shop, users, userId);
            return ValueTask.FromResult<OnlineToken?>(null);
        }
    }

    /// <inheritdoc/>
    public ValueTask SaveOnlineTokenAsync(OnlineToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_online.TryGetValue(token.Shop, out var users))
            {
                users = [];
                _online.Add(token.Shop, users);
            }

            users[token.User.Id] = token;
            if (now >= _nextPrune)
            {
                PruneExpired(now);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_online.TryGetValue(shop, out var users))
            {
                RemoveOnline(shop, users, userId);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _offline.Remove(shop);
            _online.Remove(shop);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(scopes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_offline.TryGetValue(shop, out var stored))
            {
                return ValueTask.FromResult(false);
            }

            _offline[shop] = stored with { Scopes = scopes };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, DueOfflineTokensQuery.MaxPageSize, nameof(query));
        cancellationToken.ThrowIfCancellationRequested();
        if (query.AccessTokenExpiresBefore is null && query.RefreshTokenExpiresBefore is null)
        {
            return ValueTask.FromResult<IReadOnlyList<OfflineToken>>([]);
        }

        List<OfflineToken> due = [];
        lock (_gate)
        {
            foreach (var token in _offline.Values)
            {
                if (IsDue(token, query) && (query.AfterShop is null || string.CompareOrdinal(token.Shop.Value, query.AfterShop.Value) > 0))
                {
                    due.Add(token);
                }
            }
        }

        due.Sort(static (a, b) => string.CompareOrdinal(a.Shop.Value, b.Shop.Value));
        if (due.Count > query.PageSize)
        {
            due.RemoveRange(query.PageSize, due.Count - query.PageSize);
        }

        return ValueTask.FromResult<IReadOnlyList<OfflineToken>>(due);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, DueOfflineTokensQuery.MaxPageSize);
        cancellationToken.ThrowIfCancellationRequested();
        List<OfflineToken> legacy = [];
        lock (_gate)
        {
            foreach (var token in _offline.Values)
            {
                if (!token.IsExpiring && (afterShop is null || string.CompareOrdinal(token.Shop.Value, afterShop.Value) > 0))
                {
                    legacy.Add(token);
                }
            }
        }

        legacy.Sort(static (a, b) => string.CompareOrdinal(a.Shop.Value, b.Shop.Value));
        if (legacy.Count > pageSize)
        {
            legacy.RemoveRange(pageSize, legacy.Count - pageSize);
        }

        return ValueTask.FromResult<IReadOnlyList<OfflineToken>>(legacy);
    }

    // A token awaiting re-authorization cannot be refreshed, so it is never due.
    private static bool IsDue(OfflineToken token, DueOfflineTokensQuery query)
        => !token.RequiresReauthorization
        && ((query.AccessTokenExpiresBefore is { } access && token.ExpiresAt < access)
            || (query.RefreshTokenExpiresBefore is { } refresh && token.RefreshTokenExpiresAt < refresh));

    private void RemoveOnline(ShopDomain shop, Dictionary<long, OnlineToken> users, long userId)
    {
        if (users.Remove(userId) && users.Count == 0)
        {
            _online.Remove(shop);
        }
    }

    private void PruneExpired(DateTimeOffset now)
    {
        _nextPrune = now + PruneInterval;
        List<ShopDomain>? emptied = null;
        foreach (var (shop, users) in _online)
        {
            foreach (var (userId, token) in users)
            {
                if (token.ExpiresAt <= now)
                {
                    users.Remove(userId);
                }
            }

            if (users.Count == 0)
            {
                (emptied ??= []).Add(shop);
            }
        }

        foreach (var shop in emptied ?? [])
        {
            _online.Remove(shop);
        }
    }
}
