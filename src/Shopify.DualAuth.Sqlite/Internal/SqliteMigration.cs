namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>One step of the schema: applied once, in version order, inside the migration transaction.</summary>
/// <param name="Version">The schema version this step produces; versions are consecutive from 1.</param>
/// <param name="Description">What the step changes, for humans reading the list.</param>
/// <param name="Sql">The statements, run together.</param>
internal sealed record SqliteMigration(int Version, string Description, string Sql);
