using System.Data;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Shopify.DualAuth.Sqlite.Internal;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite;

/// <summary>
/// The embedded default token store: one SQLite file in WAL mode, safe for many threads and for
/// several processes on one machine. Tokens are encrypted through <see cref="ITokenProtector"/>;
/// shop, user ID, scopes and expiry times stay queryable. The schema is created, or migrated, on
/// first use.
/// </summary>
/// <remarks>
/// <para>
/// Rotation is one <c>UPDATE ... WHERE shop = $shop AND fingerprint = $expected</c> (see
/// <see cref="OfflineTokenFingerprint"/>): SQLite's write lock makes exactly one of any number of
/// concurrent rotations win, across processes too, without decrypting anything. Deleting a shop
/// runs in one <c>BEGIN IMMEDIATE</c> transaction. Every commit is fsynced (<c>synchronous=FULL</c>).
/// </para>
/// <para>
/// Microsoft.Data.Sqlite executes synchronously, so the methods complete before they return; a
/// call waits at most <see cref="SqliteTokenStoreOptions.BusyTimeout"/> for another writer. Expired
/// online tokens read as missing and are deleted every few minutes as tokens are saved.
/// </para>
/// <para>
/// Every read goes to the file, so writes by other processes are seen at once; decryption is
/// skipped when a row still holds the exact ciphertext the store last decrypted from it, which
/// keeps the protected read close to the plaintext one. The process therefore holds recently
/// read tokens in memory, as any caller of the store does.
/// </para>
/// </remarks>
public sealed class SqliteTokenStore : IShopifyTokenStore, IDisposable
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(5);

    private readonly SqliteSessionPool _pool;
    private readonly TokenPayloadProtection _protection;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<SqliteMigration> _migrations;
    private readonly ScopeSetCache _scopes = new();
    private readonly DecryptedTokenCache<ShopDomain, OfflineToken> _offlineCache = new();
    private readonly DecryptedTokenCache<(ShopDomain Shop, long UserId), OnlineToken> _onlineCache = new();
    private readonly Lock _initializeGate = new();
    private readonly string? _directory;
    private volatile bool _initialized;
    private long _nextPruneTicks;

    /// <summary>Creates the store; the file is opened, created or migrated on first use.</summary>
    /// <param name="options">Where the file is and whether plaintext is allowed.</param>
    /// <param name="protector">Encrypts tokens at rest; <see langword="null"/> only with <see cref="SqliteTokenStoreOptions.AllowPlaintext"/>.</param>
    /// <param name="timeProvider">The clock for online-token expiry; the system clock when <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException">The options are invalid, or there is no protector and plaintext was not allowed; the message says what to set.</exception>
    public SqliteTokenStore(SqliteTokenStoreOptions options, ITokenProtector? protector, TimeProvider? timeProvider = null)
        : this(options, protector, timeProvider, SqliteSchema.Migrations)
    {
    }

    internal SqliteTokenStore(SqliteTokenStoreOptions options, ITokenProtector? protector, TimeProvider? timeProvider, IReadOnlyList<SqliteMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = SqliteTokenStoreOptionsCheck.Failures(options, protector is not null).ToList();
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", failures));
        }

        _protection = TokenPayloadProtection.Create(protector, options.AllowPlaintext, "SQLite");
        _timeProvider = timeProvider ?? TimeProvider.System;
        _migrations = migrations;
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString ?? string.Empty);
        if (options.ConnectionString is null)
        {
            builder.DataSource = options.DataSource ?? SqliteTokenStoreOptions.DefaultDataSource;
            builder.Mode = SqliteOpenMode.ReadWriteCreate;
            _directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        }

        builder.Pooling = false;
        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        _pool = new SqliteSessionPool(builder.ToString(), options.BusyTimeout);
        _nextPruneTicks = _timeProvider.GetUtcNow().UtcTicks;
    }

    /// <inheritdoc/>
    public ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return Run(shop, static (store, session, shop) =>
        {
            var command = session.Command(SqliteStatement.GetOffline);
            command.Parameters[0].Value = shop.Value;
            using var reader = command.ExecuteReader(CommandBehavior.SingleRow);
            return reader.Read()
                ? store.ReadOffline(shop, reader.GetString(0), ReadTime(reader, 1), ReadTime(reader, 2), reader.GetFieldValue<byte[]>(3), reader.GetInt64(4) != 0)
                : null;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Run(token, static (store, session, token) =>
        {
            var command = session.Command(SqliteStatement.SaveOffline);
            store.BindOffline(command, token);
            command.ExecuteNonQuery();
        }, cancellationToken);
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

        return Run((current, replacement), static (store, session, tokens) =>
        {
            var command = session.Command(SqliteStatement.RotateOffline);
            store.BindOffline(command, tokens.replacement);
            command.Parameters[8].Value = OfflineTokenFingerprint.Compute(tokens.current);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(scopes);
        return Run((shop, scopes), static (store, session, update) =>
        {
            var command = session.Command(SqliteStatement.UpdateScopes);
            command.Parameters[0].Value = update.shop.Value;
            command.Parameters[1].Value = update.scopes.ToString();
            command.Parameters[2].Value = store.NowMilliseconds();
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, DueOfflineTokensQuery.MaxPageSize, nameof(query));
        if (query.AccessTokenExpiresBefore is null && query.RefreshTokenExpiresBefore is null)
        {
            return ValueTask.FromResult<IReadOnlyList<OfflineToken>>([]);
        }

        return Run(query, static IReadOnlyList<OfflineToken> (store, session, query) =>
        {
            var command = session.Command(SqliteStatement.ListDue);
            command.Parameters[0].Value = query.AfterShop?.Value ?? string.Empty;
            command.Parameters[1].Value = ToParameter(query.AccessTokenExpiresBefore);
            command.Parameters[2].Value = ToParameter(query.RefreshTokenExpiresBefore);
            command.Parameters[3].Value = query.PageSize;
            var due = new List<OfflineToken>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var stored = reader.GetString(0);
                var shop = ShopDomain.TryParse(stored, out var parsed) && parsed.Value == stored
                    ? parsed
                    : throw new FormatException("A stored shop is not a canonical shop domain; the token database was altered outside the store.");
                due.Add(store.ReadOffline(shop, reader.GetString(1), ReadTime(reader, 2), ReadTime(reader, 3), reader.GetFieldValue<byte[]>(4), requiresReauthorization: false));
            }

            return due;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, DueOfflineTokensQuery.MaxPageSize);
        return Run((afterShop, pageSize), static IReadOnlyList<OfflineToken> (store, session, page) =>
        {
            var command = session.Command(SqliteStatement.ListLegacy);
            command.Parameters[0].Value = page.afterShop?.Value ?? string.Empty;
            command.Parameters[1].Value = page.pageSize;
            return store.ReadOfflinePage(command);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return Run((shop, userId), static (store, session, key) =>
        {
            var command = session.Command(SqliteStatement.GetOnline);
            command.Parameters[0].Value = key.shop.Value;
            command.Parameters[1].Value = key.userId;
            command.Parameters[2].Value = store.NowMilliseconds();
            using var reader = command.ExecuteReader(CommandBehavior.SingleRow);
            if (!reader.Read())
            {
                return null;
            }

            var scopes = store._scopes.Get(reader.GetString(0));
            var userScopes = store._scopes.Get(reader.GetString(1));
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
            var stored = reader.GetFieldValue<byte[]>(3);
            if (store._onlineCache.TryGet(key, stored, out var cached) && cached.Scopes.Equals(scopes) && cached.UserScopes.Equals(userScopes) && cached.ExpiresAt == expiresAt)
            {
                return cached;
            }

            var payload = store._protection.Unprotect(stored);
            try
            {
                var token = TokenPayloadSerializer.DeserializeOnline(payload, key.shop, key.userId, scopes, userScopes, expiresAt);
                store._onlineCache.Set(key, stored, token);
                return token;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(payload);
            }
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask SaveOnlineTokenAsync(OnlineToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Run(token, static (store, session, token) =>
        {
            var command = session.Command(SqliteStatement.SaveOnline);
            var now = store._timeProvider.GetUtcNow();
            command.Parameters[0].Value = token.Shop.Value;
            command.Parameters[1].Value = token.User.Id;
            command.Parameters[2].Value = token.Scopes.ToString();
            command.Parameters[3].Value = token.UserScopes.ToString();
            command.Parameters[4].Value = token.ExpiresAt.ToUnixTimeMilliseconds();
            command.Parameters[5].Value = store._protection.Protect(TokenPayloadSerializer.SerializeOnline(token));
            command.Parameters[6].Value = now.ToUnixTimeMilliseconds();
            command.ExecuteNonQuery();
            store.PruneIfDue(session, now);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return Run((shop, userId), static (store, session, key) =>
        {
            store._onlineCache.Remove(key);
            var command = session.Command(SqliteStatement.DeleteOnline);
            command.Parameters[0].Value = key.shop.Value;
            command.Parameters[1].Value = key.userId;
            command.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return Run(shop, static (store, session, shop) =>
        {
            store._offlineCache.Remove(shop);
            store._onlineCache.RemoveWhere(key => key.Shop == shop);
            using var transaction = session.Connection.BeginTransaction(deferred: false);
            foreach (var statement in (ReadOnlySpan<SqliteStatement>)[SqliteStatement.DeleteShopOffline, SqliteStatement.DeleteShopOnline])
            {
                var command = session.Command(statement);
                command.Transaction = transaction;
                command.Parameters[0].Value = shop.Value;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }, cancellationToken);
    }

    /// <summary>Closes the store's pooled connections.</summary>
    public void Dispose() => _pool.Dispose();

    private static DateTimeOffset? ReadTime(SqliteDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static object ToParameter(DateTimeOffset? time) => time is { } value ? value.ToUnixTimeMilliseconds() : DBNull.Value;

    private long NowMilliseconds() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private void BindOffline(SqliteCommand command, OfflineToken token)
    {
        command.Parameters[0].Value = token.Shop.Value;
        command.Parameters[1].Value = token.Scopes.ToString();
        command.Parameters[2].Value = ToParameter(token.ExpiresAt);
        command.Parameters[3].Value = ToParameter(token.RefreshTokenExpiresAt);
        command.Parameters[4].Value = OfflineTokenFingerprint.Compute(token);
        command.Parameters[5].Value = _protection.Protect(TokenPayloadSerializer.SerializeOffline(token));
        command.Parameters[6].Value = NowMilliseconds();
        command.Parameters[7].Value = token.RequiresReauthorization ? 1 : 0;
    }

    private OfflineToken ReadOffline(ShopDomain shop, string scopesText, DateTimeOffset? expiresAt, DateTimeOffset? refreshTokenExpiresAt, byte[] stored, bool requiresReauthorization)
    {
        var scopes = _scopes.Get(scopesText);
        if (_offlineCache.TryGet(shop, stored, out var cached) && cached.Scopes.Equals(scopes) && cached.ExpiresAt == expiresAt && cached.RefreshTokenExpiresAt == refreshTokenExpiresAt
            && cached.RequiresReauthorization == requiresReauthorization)
        {
            return cached;
        }

        var payload = _protection.Unprotect(stored);
        try
        {
            var token = TokenPayloadSerializer.DeserializeOffline(payload, shop, scopes, expiresAt, refreshTokenExpiresAt);
            if (requiresReauthorization)
            {
                token = token with { RequiresReauthorization = true };
            }

            _offlineCache.Set(shop, stored, token);
            return token;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    // Columns: shop, scopes, expires_at, refresh_expires_at, payload, requires_reauthorization.
    private List<OfflineToken> ReadOfflinePage(SqliteCommand command)
    {
        var page = new List<OfflineToken>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var stored = reader.GetString(0);
            var shop = ShopDomain.TryParse(stored, out var parsed) && parsed.Value == stored
                ? parsed
                : throw new FormatException("A stored shop is not a canonical shop domain; the token database was altered outside the store.");
            page.Add(ReadOffline(shop, reader.GetString(1), ReadTime(reader, 2), ReadTime(reader, 3), reader.GetFieldValue<byte[]>(4), reader.GetInt64(5) != 0));
        }

        return page;
    }

    private void PruneIfDue(SqliteSession session, DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPruneTicks, (now + PruneInterval).UtcTicks, due) != due)
        {
            return;
        }

        var command = session.Command(SqliteStatement.PruneOnline);
        command.Parameters[0].Value = now.ToUnixTimeMilliseconds();
        command.ExecuteNonQuery();
    }

    private ValueTask Run<TState>(TState state, Action<SqliteTokenStore, SqliteSession, TState> work, CancellationToken cancellationToken)
    {
        var done = Run(
            (state, work),
            static (store, session, pair) =>
            {
                pair.work(store, session, pair.state);
                return true;
            },
            cancellationToken);
        return done.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(done.AsTask());
    }

    // Runs synchronously on a pooled session. Failures come back in the task, as from any async
    // method; a session that failed is closed rather than reused.
    private ValueTask<TResult> Run<TState, TResult>(TState state, Func<SqliteTokenStore, SqliteSession, TState, TResult> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<TResult>(cancellationToken);
        }

        SqliteSession? session = null;
        try
        {
            EnsureInitialized();
            session = _pool.Rent();
            var result = work(this, session, state);
            _pool.Return(session);
            return ValueTask.FromResult(result);
        }
        catch (Exception error)
        {
            session?.Dispose();
            return ValueTask.FromException<TResult>(error);
        }
    }

    private void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (_initializeGate)
        {
            if (_initialized)
            {
                return;
            }

            if (!string.IsNullOrEmpty(_directory))
            {
                Directory.CreateDirectory(_directory);
            }

            var session = _pool.Rent();
            try
            {
                using (var journal = session.Connection.CreateCommand())
                {
                    // WAL lets readers and one writer proceed together across processes, and is
                    // recorded in the file, so every later connection uses it too.
                    journal.CommandText = "PRAGMA journal_mode = WAL;";
                    journal.ExecuteNonQuery();
                }

                SqliteSchema.Migrate(session.Connection, _migrations);
                _pool.Return(session);
            }
            catch
            {
                session.Dispose();
                throw;
            }

            _initialized = true;
        }
    }
}
