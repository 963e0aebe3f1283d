namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>The store's statements; each is prepared once per pooled connection and reused.</summary>
internal enum SqliteStatement
{
    GetOffline,
    SaveOffline,
    RotateOffline,
    UpdateScopes,
    ListDue,
    ListLegacy,
    GetOnline,
    SaveOnline,
    DeleteOnline,
    PruneOnline,
    DeleteShopOffline,
    DeleteShopOnline,
}
