namespace Shopify.DualAuth.Testing.Storage;

/// <summary>
/// Thrown by <see cref="TokenStoreConformance"/> when a store breaks the
/// <see cref="Shopify.DualAuth.Storage.IShopifyTokenStore"/> contract; the message says which rule and how.
/// </summary>
public sealed class TokenStoreConformanceException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TokenStoreConformanceException()
        : base("The token store does not conform to the IShopifyTokenStore contract.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which rule the store broke, and how.</param>
    public TokenStoreConformanceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the store's own failure.</summary>
    /// <param name="message">Which rule the store broke, and how.</param>
    /// <param name="innerException">What the store threw.</param>
    public TokenStoreConformanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
