namespace Shopify.DualAuth.Maintenance;

/// <summary>How <see cref="OfflineTokenMigrator"/> runs; set through <c>AddOfflineTokenMigrator</c>.</summary>
public sealed class OfflineTokenMigrationOptions
{
    /// <summary>How many shops are migrated at once. Default 4; 1 to 64.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How many legacy tokens are read from the store per query. Default 100; 1 to 1000.</summary>
    public int PageSize { get; set; } = 100;
}
