namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>The lifetimes Shopify documents (protocol §2.1, §3.3, §3.5, §3.6, §9.4).</summary>
internal static class TokenLifetimes
{
    public static readonly TimeSpan ExpiringOfflineAccess = TimeSpan.FromSeconds(3600);
    public static readonly TimeSpan RefreshToken = TimeSpan.FromSeconds(7_776_000);
    public static readonly TimeSpan Online = TimeSpan.FromSeconds(86_399);
    public static readonly TimeSpan ClientCredentials = TimeSpan.FromSeconds(86_399);

    /// <summary>How long a used refresh token stays retry-able at most, counted from its first use.</summary>
    public static readonly TimeSpan RefreshRetryWindow = TimeSpan.FromDays(30);

    /// <summary>How long a migration answer can be recovered by retrying with the legacy token.</summary>
    public static readonly TimeSpan MigrationRecoveryWindow = TimeSpan.FromDays(7);

    public static readonly TimeSpan SessionToken = TimeSpan.FromSeconds(60);
}
