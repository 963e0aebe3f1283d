namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>
/// What a retried migration returns (protocol §3.6): the pair issued for <see cref="LegacyToken"/>, for
/// seven days, until that pair is refreshed or the shop acquires another token.
/// </summary>
internal sealed record MigrationRecovery(string LegacyToken, IssuedPair Pair, DateTimeOffset MigratedAt, long AcquisitionStamp);
