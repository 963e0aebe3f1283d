using System.Collections.Immutable;

namespace Shopify.DualAuth.Maintenance;

/// <summary>
/// Where a run of <see cref="OfflineTokenMigrator.MigrateAllAsync"/> stands: reported after each shop,
/// and returned when the run ends. Each report is a snapshot; later reports never change it.
/// </summary>
/// <param name="Seen">Legacy tokens listed so far; the sum of the three outcomes once they are all done.</param>
/// <param name="Migrated">Shops whose token this run turned into an expiring one.</param>
/// <param name="Skipped">Shops that no longer needed it when their turn came: migrated meanwhile by another caller, or uninstalled.</param>
/// <param name="Failed">Shops still holding their legacy token; <paramref name="Failures"/> says why.</param>
/// <param name="Failures">One entry per failed shop, in the order they failed.</param>
public sealed record MigrationProgress(int Seen, int Migrated, int Skipped, int Failed, ImmutableList<MigrationFailure> Failures)
{
    /// <summary>Before the first shop.</summary>
    public static MigrationProgress Empty { get; } = new(0, 0, 0, 0, []);

    /// <summary>Shops whose outcome is known: <see cref="Migrated"/> + <see cref="Skipped"/> + <see cref="Failed"/>.</summary>
    public int Done => Migrated + Skipped + Failed;
}
