namespace Shopify.DualAuth.Maintenance;

/// <summary>A shop whose legacy token <see cref="OfflineTokenMigrator"/> could not migrate, and why.</summary>
/// <param name="Shop">The shop; it still holds its legacy token, so a later run tries it again.</param>
/// <param name="Reason">What went wrong, from the exception's message (which never holds a token).</param>
/// <param name="Error">The exception: a <see cref="ShopReauthorizationRequiredException"/> when only the merchant can restore access, a <see cref="OAuth.ShopifyOAuthException"/> when Shopify could not be reached, or a store failure.</param>
public sealed record MigrationFailure(ShopDomain Shop, string Reason, Exception Error);
