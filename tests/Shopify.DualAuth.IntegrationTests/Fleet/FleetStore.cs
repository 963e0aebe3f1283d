namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>The shared store and lock every instance of a fleet uses.</summary>
public enum FleetStore
{
    /// <summary><c>AddRedisTokenStore</c> + <c>AddRedisShopLock</c> on the private Redis, under a key prefix of the test's own.</summary>
    Redis,

    /// <summary><c>AddPostgreSqlTokenStore</c> + <c>AddPostgreSqlShopLock</c> on the private PostgreSQL, in a schema of the test's own.</summary>
    PostgreSql,
}
