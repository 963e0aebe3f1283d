namespace Shopify.DualAuth.PostgreSql.Internal;

/// <summary>The store's SQL, built once per schema. Parameters are positional (<c>$1</c>...).</summary>
internal sealed class PostgreSqlStatements
{
    public PostgreSqlStatements(string schema)
    {
        var s = PostgreSqlIdentifiers.QuoteSchema(schema);
        GetOffline = $"SELECT payload, scopes, expires_at, refresh_token_expires_at, requires_reauthorization FROM {s}.offline_tokens WHERE shop = $1";
        SaveOffline = $"""
            INSERT INTO {s}.offline_tokens (shop, fingerprint, payload, scopes, expires_at, refresh_token_expires_at, requires_reauthorization, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now())
            ON CONFLICT (shop) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, payload = EXCLUDED.payload, scopes = EXCLUDED.scopes,
                expires_at = EXCLUDED.expires_at, refresh_token_expires_at = EXCLUDED.refresh_token_expires_at,
                requires_reauthorization = EXCLUDED.requires_reauthorization, updated_at = EXCLUDED.updated_at
            """;
        RotateOffline = $"""
            UPDATE {s}.offline_tokens SET fingerprint = $2, payload = $3, scopes = $4, expires_at = $5, refresh_token_expires_at = $6,
                requires_reauthorization = $7, updated_at = now()
            WHERE shop = $1 AND fingerprint = $8
            """;
        UpdateScopes = $"UPDATE {s}.offline_tokens SET scopes = $2, updated_at = now() WHERE shop = $1";
        ListDue = $"""
            SELECT shop, payload, scopes, expires_at, refresh_token_expires_at, requires_reauthorization FROM {s}.offline_tokens
            WHERE (expires_at < $1 OR refresh_token_expires_at < $2) AND shop > $3 AND NOT requires_reauthorization
            ORDER BY shop LIMIT $4
            """;

        // Walks the primary key in order and skips expiring rows: a migration sweep reads each shop
        // once, so an index of legacy rows would cost every write for a one-off job. Tokens awaiting
        // re-authorization are listed too: the migration reports them.
        ListLegacy = $"""
            SELECT shop, payload, scopes, expires_at, refresh_token_expires_at, requires_reauthorization FROM {s}.offline_tokens
            WHERE expires_at IS NULL AND shop > $1
            ORDER BY shop LIMIT $2
            """;
        GetOnline = $"SELECT payload, scopes, user_scopes, expires_at FROM {s}.online_tokens WHERE shop = $1 AND user_id = $2 AND expires_at > $3";
        SaveOnline = $"""
            INSERT INTO {s}.online_tokens (shop, user_id, payload, scopes, user_scopes, expires_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, now())
            ON CONFLICT (shop, user_id) DO UPDATE SET payload = EXCLUDED.payload, scopes = EXCLUDED.scopes, user_scopes = EXCLUDED.user_scopes,
                expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
            """;
        DeleteOnline = $"DELETE FROM {s}.online_tokens WHERE shop = $1 AND user_id = $2";

        // SKIP LOCKED: the sweep never waits on, or deadlocks with, a save of a row it would take;
        // the LIMIT bounds the work added to the save that carries it.
        DeleteExpiredOnline = $"""
            DELETE FROM {s}.online_tokens WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM {s}.online_tokens WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED))
            """;

        // One statement, so an uninstall never leaves half a shop behind.
        DeleteShop = $"WITH online AS (DELETE FROM {s}.online_tokens WHERE shop = $1) DELETE FROM {s}.offline_tokens WHERE shop = $1";
    }

    public string GetOffline { get; }

    public string SaveOffline { get; }

    public string RotateOffline { get; }

    public string UpdateScopes { get; }

    public string ListDue { get; }

    public string ListLegacy { get; }

    public string GetOnline { get; }

    public string SaveOnline { get; }

    public string DeleteOnline { get; }

    public string DeleteExpiredOnline { get; }

    public string DeleteShop { get; }
}
