namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>The SQL of every statement (parameterised only) and its parameter names.</summary>
internal static class SqliteStatements
{
    public static int Count { get; } = Enum.GetValues<SqliteStatement>().Length;

    public static (string Sql, string[] Parameters) Get(SqliteStatement statement) => statement switch
    {
        SqliteStatement.GetOffline => (
            "SELECT scopes, expires_at, refresh_expires_at, payload, requires_reauthorization FROM shopify_offline_tokens WHERE shop = $shop;",
            ["$shop"]),
        SqliteStatement.SaveOffline => (
            """
            INSERT INTO shopify_offline_tokens (shop, scopes, expires_at, refresh_expires_at, fingerprint, payload, updated_at, requires_reauthorization)
            VALUES ($shop, $scopes, $expires_at, $refresh_expires_at, $fingerprint, $payload, $now, $requires_reauthorization)
            ON CONFLICT (shop) DO UPDATE SET
                scopes = excluded.scopes, expires_at = excluded.expires_at, refresh_expires_at = excluded.refresh_expires_at,
                fingerprint = excluded.fingerprint, payload = excluded.payload, updated_at = excluded.updated_at,
                requires_reauthorization = excluded.requires_reauthorization;
            """,
            ["$shop", "$scopes", "$expires_at", "$refresh_expires_at", "$fingerprint", "$payload", "$now", "$requires_reauthorization"]),

        // The compare-and-swap: one statement, so SQLite's write lock makes it atomic across
        // connections and processes, and it compares fingerprints without decrypting anything.
        SqliteStatement.RotateOffline => (
            """
            UPDATE shopify_offline_tokens
            SET scopes = $scopes, expires_at = $expires_at, refresh_expires_at = $refresh_expires_at,
                fingerprint = $fingerprint, payload = $payload, updated_at = $now, requires_reauthorization = $requires_reauthorization
            WHERE shop = $shop AND fingerprint = $expected;
            """,
            ["$shop", "$scopes", "$expires_at", "$refresh_expires_at", "$fingerprint", "$payload", "$now", "$requires_reauthorization", "$expected"]),
        SqliteStatement.UpdateScopes => (
            "UPDATE shopify_offline_tokens SET scopes = $scopes, updated_at = $now WHERE shop = $shop;",
            ["$shop", "$scopes", "$now"]),

        // A null bound compares as NULL, which is never true, so it drops out of the OR; legacy
        // tokens have NULL expiry times and are never due, nor are tokens awaiting re-authorization.
        // BINARY collation is ordinal order.
        SqliteStatement.ListDue => (
            """
            SELECT shop, scopes, expires_at, refresh_expires_at, payload FROM shopify_offline_tokens
            WHERE shop > $after AND requires_reauthorization = 0 AND (expires_at < $access_before OR refresh_expires_at < $refresh_before)
            ORDER BY shop LIMIT $limit;
            """,
            ["$after", "$access_before", "$refresh_before", "$limit"]),

        // Walks the primary key in order and skips expiring rows: a migration sweep reads each shop
        // once, so an index of legacy rows would cost every write for a one-off job. Tokens awaiting
        // re-authorization are listed too: the migration reports them.
        SqliteStatement.ListLegacy => (
            """
            SELECT shop, scopes, expires_at, refresh_expires_at, payload, requires_reauthorization FROM shopify_offline_tokens
            WHERE shop > $after AND expires_at IS NULL
            ORDER BY shop LIMIT $limit;
            """,
            ["$after", "$limit"]),
        SqliteStatement.GetOnline => (
            "SELECT scopes, user_scopes, expires_at, payload FROM shopify_online_tokens WHERE shop = $shop AND user_id = $user_id AND expires_at > $now;",
            ["$shop", "$user_id", "$now"]),
        SqliteStatement.SaveOnline => (
            """
            INSERT INTO shopify_online_tokens (shop, user_id, scopes, user_scopes, expires_at, payload, updated_at)
            VALUES ($shop, $user_id, $scopes, $user_scopes, $expires_at, $payload, $now)
            ON CONFLICT (shop, user_id) DO UPDATE SET
                scopes = excluded.scopes, user_scopes = excluded.user_scopes, expires_at = excluded.expires_at,
                payload = excluded.payload, updated_at = excluded.updated_at;
            """,
            ["$shop", "$user_id", "$scopes", "$user_scopes", "$expires_at", "$payload", "$now"]),
        SqliteStatement.DeleteOnline => (
            "DELETE FROM shopify_online_tokens WHERE shop = $shop AND user_id = $user_id;",
            ["$shop", "$user_id"]),
        SqliteStatement.PruneOnline => (
            "DELETE FROM shopify_online_tokens WHERE expires_at <= $now;",
            ["$now"]),
        SqliteStatement.DeleteShopOffline => (
            "DELETE FROM shopify_offline_tokens WHERE shop = $shop;",
            ["$shop"]),
        SqliteStatement.DeleteShopOnline => (
            "DELETE FROM shopify_online_tokens WHERE shop = $shop;",
            ["$shop"]),
        _ => throw new ArgumentOutOfRangeException(nameof(statement), statement, "Unknown statement."),
    };
}
