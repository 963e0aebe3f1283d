namespace Shopify.DualAuth.StoreTests;

/// <summary>
/// Where the real servers are. <c>test.sh</c> starts private instances and exports these variables;
/// without them the store tests fail (never skip), so a run that lost its servers cannot pass.
/// </summary>
internal static class TestServers
{
    public const string RedisVariable = "DUALAUTH_TEST_REDIS";
    public const string PostgresVariable = "DUALAUTH_TEST_POSTGRES";

    /// <summary>The StackExchange.Redis configuration string of the private Redis.</summary>
    public static string Redis => Read(RedisVariable, "Redis");

    /// <summary>The Npgsql connection string of the private PostgreSQL.</summary>
    public static string Postgres => Read(PostgresVariable, "PostgreSQL");

    private static string Read(string variable, string server)
        => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set, so there is no {server} server to test against. Run the tests with 'bash test.sh', which starts private Redis and PostgreSQL servers and sets {RedisVariable} and {PostgresVariable}.");
}
