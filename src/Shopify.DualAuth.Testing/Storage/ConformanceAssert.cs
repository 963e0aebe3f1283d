namespace Shopify.DualAuth.Testing.Storage;

/// <summary>The kit's assertions: each failure names the rule the store broke.</summary>
internal static class ConformanceAssert
{
    public static void True(bool condition, string rule)
    {
        if (!condition)
        {
            throw new TokenStoreConformanceException(rule);
        }
    }

    public static void Equal<T>(T expected, T actual, string rule)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            // Token records print redacted, so the message never reveals a token.
            throw new TokenStoreConformanceException($"{rule}{Environment.NewLine}Expected: {Describe(expected)}{Environment.NewLine}Actual:   {Describe(actual)}");
        }
    }

    public static void Null<T>(T? actual, string rule)
        where T : class
    {
        if (actual is not null)
        {
            throw new TokenStoreConformanceException($"{rule}{Environment.NewLine}Actual: {actual}");
        }
    }

    public static T NotNull<T>(T? actual, string rule)
        where T : class
        => actual ?? throw new TokenStoreConformanceException($"{rule}{Environment.NewLine}Actual: null");

    public static async Task ThrowsAsync<TException>(Func<Task> action, string rule)
        where TException : Exception
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (TException)
        {
            return;
        }
        catch (Exception other)
        {
            throw new TokenStoreConformanceException($"{rule}{Environment.NewLine}Threw {other.GetType().Name} instead of {typeof(TException).Name}.", other);
        }

        throw new TokenStoreConformanceException($"{rule}{Environment.NewLine}Nothing was thrown; expected {typeof(TException).Name}.");
    }

    private static string Describe<T>(T value) => value?.ToString() ?? "null";
}
