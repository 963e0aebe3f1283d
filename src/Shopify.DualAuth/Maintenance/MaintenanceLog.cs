using Microsoft.Extensions.Logging;

namespace Shopify.DualAuth.Maintenance;

/// <summary>
/// Log messages of background refresh and migration. They name shops, counts and exception types;
/// never a token.
/// </summary>
internal static partial class MaintenanceLog
{
    [LoggerMessage(EventId = 2300, EventName = "MigrationStarted", Level = LogLevel.Information,
        Message = "Migrating legacy non-expiring offline tokens to expiring ones, {MaxConcurrency} shops at a time")]
    public static partial void MigrationStarted(ILogger logger, int maxConcurrency);

    [LoggerMessage(EventId = 2301, EventName = "ShopMigrationFailed", Level = LogLevel.Warning,
        Message = "Could not migrate the offline token of {Shop}; it keeps its legacy token and a later run tries again")]
    public static partial void ShopMigrationFailed(ILogger logger, string shop, Exception error);

    [LoggerMessage(EventId = 2302, EventName = "MigrationFinished", Level = LogLevel.Information,
        Message = "Migration finished: {Seen} legacy tokens seen, {Migrated} migrated, {Skipped} skipped, {Failed} failed")]
    public static partial void MigrationFinished(ILogger logger, int seen, int migrated, int skipped, int failed);

    [LoggerMessage(EventId = 2303, EventName = "MigrationCancelled", Level = LogLevel.Information,
        Message = "Migration cancelled after {Done} of {Seen} legacy tokens seen ({Migrated} migrated); run it again to finish")]
    public static partial void MigrationCancelled(ILogger logger, int done, int seen, int migrated);

    [LoggerMessage(EventId = 2310, EventName = "RefreshSweepFinished", Level = LogLevel.Debug,
        Message = "Background refresh swept {Checked} shops ({DueChains} with a refresh token near its end, {Active} active): {Renewed} renewed, {Failed} failed")]
    public static partial void SweepFinished(ILogger logger, int @checked, int dueChains, int active, int renewed, int failed);

    [LoggerMessage(EventId = 2311, EventName = "BackgroundRefreshFailed", Level = LogLevel.Warning,
        Message = "Background refresh of the offline token of {Shop} failed; it is tried again on the next sweep")]
    public static partial void ShopRefreshFailed(ILogger logger, string shop, Exception error);

    [LoggerMessage(EventId = 2312, EventName = "BackgroundRefreshNeedsReauthorization", Level = LogLevel.Warning,
        Message = "Background refresh cannot keep {Shop} fresh: {Reason}; the merchant must open the app or authorize it again")]
    public static partial void ShopNeedsReauthorization(ILogger logger, string shop, ReauthorizationReason reason);

    [LoggerMessage(EventId = 2313, EventName = "RefreshSweepFailed", Level = LogLevel.Error,
        Message = "A background refresh sweep failed; the next one runs as scheduled")]
    public static partial void SweepFailed(ILogger logger, Exception error);
}
