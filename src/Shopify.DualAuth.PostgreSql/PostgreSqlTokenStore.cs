using System.Data;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Shopify.DualAuth.PostgreSql.Internal;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.PostgreSql;

/// <summary>
/// A token store on PostgreSQL, for apps running on several servers. Its tables are created and
/// migrated on first use (several instances may start at once); rotation is one
/// <c>UPDATE ... WHERE shop = $1 AND fingerprint = $2</c>; expired online tokens read as missing and
/// are swept in the background of saves. Token secrets are encrypted through <see cref="ITokenProtector"/>.
/// </summary>
public sealed class PostgreSqlTokenStore : IShopifyTokenStore
{
    private const int CleanupBatchSize = 10_000;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly PostgreSqlStatements _sql;
    private readonly TokenPayloadProtection _protection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cleanupInterval;
    private readonly Lock _schemaGate = new();
    private Task? _schemaReady;
    private long _nextCleanupTicks;

    /// <summary>Creates a store on a data source.</summary>
    /// <param name="dataSource">The database; the store does not dispose it.</param>
    /// <param name="options">Schema, cleanup and plaintext policy; <see cref="PostgreSqlTokenStoreOptions.ConnectionString"/> is not used here.</param>
    /// <param name="protector">Encrypts tokens at rest; <see langword="null"/> only with <see cref="PostgreSqlTokenStoreOptions.AllowPlaintext"/>.</param>
    /// <param name="timeProvider">The clock that decides when an online token has expired; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The schema name is not valid.</exception>
    /// <exception cref="InvalidOperationException">No protector was given and plaintext is not allowed.</exception>
    public PostgreSqlTokenStore(NpgsqlDataSource dataSource, PostgreSqlTokenStoreOptions options, ITokenProtector? protector, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _sql = new PostgreSqlStatements(options.Schema);
        _protection = TokenPayloadProtection.Create(protector, options.AllowPlaintext, "PostgreSQL");
        _dataSource = dataSource;
        _schema = options.Schema;
        _time = timeProvider ?? TimeProvider.System;
        _cleanupInterval = options.OnlineTokenCleanupInterval;
        _nextCleanupTicks = _time.GetUtcNow().UtcTicks;
    }

    /// <summary>
    /// Creates or migrates the store's tables now rather than on first use, for an app that wants
    /// a database problem to show at start-up. Safe to call from many instances at once.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the migration itself runs to completion.</param>
    /// <returns>A task that completes when the tables are at this library's version.</returns>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var ready = _schemaReady;
        if (ready is null || (ready.IsCompleted && !ready.IsCompletedSuccessfully))
        {
            lock (_schemaGate)
            {
                // A failed attempt (database down at start) is retried by the next call.
                if (_schemaReady is null || (_schemaReady.IsCompleted && !_schemaReady.IsCompletedSuccessfully))
                {
                    _schemaReady = PostgreSqlSchema.MigrateAsync(_dataSource, _schema, CancellationToken.None);
                }

                ready = _schemaReady;
            }
        }

        return ready.IsCompletedSuccessfully ? ready : ready.WaitAsync(cancellationToken);
    }

    /// <summary>Deletes every online token that has expired by the store's clock.</summary>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>How many tokens were deleted.</returns>
    public async ValueTask<int> DeleteExpiredOnlineTokensAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        int batch;
        do
        {
            using var command = _dataSource.CreateCommand(_sql.DeleteExpiredOnline);
            command.Parameters.Add(Timestamp(_time.GetUtcNow()));
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = CleanupBatchSize });
            batch = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            deleted += batch;
        }
        while (batch == CleanupBatchSize);

        return deleted;
    }

    /// <inheritdoc/>
    public async ValueTask<OfflineToken?> GetOfflineTokenAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.GetOffline);
        command.Parameters.Add(Text(shop.Value));
        var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        await using var disposeReader = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadOffline(reader, shop, 0) : null;
    }

    /// <inheritdoc/>
    public async ValueTask SaveOfflineTokenAsync(OfflineToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.SaveOffline);
        AddOfflineParameters(command.Parameters, token);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.RotateOffline);
        AddOfflineParameters(command.Parameters, replacement);
        command.Parameters.Add(Text(OfflineTokenFingerprint.Compute(current)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<OnlineToken?> GetOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.GetOnline);
        command.Parameters.Add(Text(shop.Value));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(Timestamp(_time.GetUtcNow()));
        var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        await using var disposeReader = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var payload = _protection.Unprotect(reader.GetFieldValue<byte[]>(0));
        try
        {
            return TokenPayloadSerializer.DeserializeOnline(
                payload,
                shop,
                userId,
                ScopeSet.Parse(reader.GetString(1)),
                ScopeSet.Parse(reader.GetString(2)),
                reader.GetFieldValue<DateTimeOffset>(3));
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
        var now = _time.GetUtcNow();
        if (token.ExpiresAt <= now)
        {
            // Already expired: it would read as missing, so make it missing (and drop any older one).
            await DeleteOnlineTokenAsync(token.Shop, token.User.Id, cancellationToken).ConfigureAwait(false);
            return;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var batch = _dataSource.CreateBatch();
        var save = new NpgsqlBatchCommand(_sql.SaveOnline);
        save.Parameters.Add(Text(token.Shop.Value));
        save.Parameters.Add(new NpgsqlParameter<long> { TypedValue = token.User.Id });
        save.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _protection.Protect(TokenPayloadSerializer.SerializeOnline(token)) });
        save.Parameters.Add(Text(token.Scopes.ToString()));
        save.Parameters.Add(Text(token.UserScopes.ToString()));
        save.Parameters.Add(Timestamp(token.ExpiresAt));
        batch.BatchCommands.Add(save);
        if (IsCleanupDue(now))
        {
            var sweep = new NpgsqlBatchCommand(_sql.DeleteExpiredOnline);
            sweep.Parameters.Add(Timestamp(now));
            sweep.Parameters.Add(new NpgsqlParameter<int> { TypedValue = CleanupBatchSize });
            batch.BatchCommands.Add(sweep);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DeleteOnlineTokenAsync(ShopDomain shop, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.DeleteOnline);
        command.Parameters.Add(Text(shop.Value));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DeleteShopAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.DeleteShop);
        command.Parameters.Add(Text(shop.Value));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> UpdateScopesAsync(ShopDomain shop, ScopeSet scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(scopes);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.UpdateScopes);
        command.Parameters.Add(Text(shop.Value));
        command.Parameters.Add(Text(scopes.ToString()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<OfflineToken>> ListDueOfflineTokensAsync(DueOfflineTokensQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, DueOfflineTokensQuery.MaxPageSize, nameof(query));
        if (query.AccessTokenExpiresBefore is null && query.RefreshTokenExpiresBefore is null)
        {
            return [];
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.ListDue);

        // A NULL bound makes its comparison NULL, so that expiry selects nothing; every shop sorts after ''.
        command.Parameters.Add(Timestamp(query.AccessTokenExpiresBefore));
        command.Parameters.Add(Timestamp(query.RefreshTokenExpiresBefore));
        command.Parameters.Add(Text(query.AfterShop?.Value ?? string.Empty));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.PageSize });
        return await ReadOfflinePageAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<OfflineToken>> ListLegacyOfflineTokensAsync(ShopDomain? afterShop, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, DueOfflineTokensQuery.MaxPageSize);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(_sql.ListLegacy);
        command.Parameters.Add(Text(afterShop?.Value ?? string.Empty));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize });
        return await ReadOfflinePageAsync(command, cancellationToken).ConfigureAwait(false);
    }

    // Columns: shop, payload, scopes, expires_at, refresh_token_expires_at, requires_reauthorization.
    private async Task<List<OfflineToken>> ReadOfflinePageAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var disposeReader = reader.ConfigureAwait(false);
        var page = new List<OfflineToken>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(ReadOffline(reader, ShopDomain.Parse(reader.GetString(0)), 1));
        }

        return page;
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    // Npgsql writes timestamptz only from UTC values.
    private static NpgsqlParameter Timestamp(DateTimeOffset? value)
        => new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } time ? time.ToUniversalTime() : DBNull.Value };

    private static DateTimeOffset? NullableTimestamp(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private bool IsCleanupDue(DateTimeOffset now)
    {
        if (_cleanupInterval == Timeout.InfiniteTimeSpan)
        {
            return false;
        }

        // One save per interval per instance carries the sweep; the compare-exchange picks it.
        var next = Interlocked.Read(ref _nextCleanupTicks);
        return now.UtcTicks >= next && Interlocked.CompareExchange(ref _nextCleanupTicks, now.UtcTicks + _cleanupInterval.Ticks, next) == next;
    }

    private void AddOfflineParameters(NpgsqlParameterCollection parameters, OfflineToken token)
    {
        parameters.Add(Text(token.Shop.Value));
        parameters.Add(Text(OfflineTokenFingerprint.Compute(token)));
        parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = _protection.Protect(TokenPayloadSerializer.SerializeOffline(token)) });
        parameters.Add(Text(token.Scopes.ToString()));
        parameters.Add(Timestamp(token.ExpiresAt));
        parameters.Add(Timestamp(token.RefreshTokenExpiresAt));
        parameters.Add(new NpgsqlParameter<bool> { TypedValue = token.RequiresReauthorization });
    }

    // Columns from 'first': payload, scopes, expires_at, refresh_token_expires_at, requires_reauthorization.
    private OfflineToken ReadOffline(NpgsqlDataReader reader, ShopDomain shop, int first)
    {
        var payload = _protection.Unprotect(reader.GetFieldValue<byte[]>(first));
        try
        {
            var token = TokenPayloadSerializer.DeserializeOffline(
                payload,
                shop,
                ScopeSet.Parse(reader.GetString(first + 1)),
                NullableTimestamp(reader, first + 2),
                NullableTimestamp(reader, first + 3));
            return reader.GetBoolean(first + 4) ? token with { RequiresReauthorization = true } : token;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }
}
