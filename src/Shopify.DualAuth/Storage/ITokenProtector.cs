namespace Shopify.DualAuth.Storage;

/// <summary>
/// Encrypts token material before a durable store writes it, and decrypts it on read. The
/// ASP.NET Core package provides one on Data Protection; durable stores refuse to start without a
/// protector unless told explicitly to store plaintext.
/// </summary>
public interface ITokenProtector
{
    /// <summary>Encrypts and authenticates <paramref name="plaintext"/>.</summary>
    /// <param name="plaintext">Serialized token material.</param>
    /// <returns>The protected bytes.</returns>
    byte[] Protect(byte[] plaintext);

    /// <summary>Decrypts bytes made by <see cref="Protect"/>, verifying they were not altered.</summary>
    /// <param name="protectedData">Bytes from <see cref="Protect"/>.</param>
    /// <returns>The original plaintext.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The data was altered or protected with an unknown key.</exception>
    byte[] Unprotect(byte[] protectedData);
}
