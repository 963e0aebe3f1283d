using Microsoft.AspNetCore.DataProtection;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.AspNetCore;

/// <summary>
/// Encrypts tokens at rest with ASP.NET Core Data Protection (authenticated encryption, keys
/// rotated by the key ring), under the purpose <see cref="Purpose"/>.
/// </summary>
/// <remarks>
/// Tokens stay readable only while the key ring does: persist it somewhere that survives restarts
/// and is shared by every instance that uses the same store (for example
/// <c>PersistKeysToFileSystem</c> or a database, with one <c>SetApplicationName</c>), and protect
/// it at rest where the platform allows. A lost key ring means every stored token must be acquired
/// again (a reinstall or token exchange).
/// </remarks>
public sealed class DataProtectionTokenProtector : ITokenProtector
{
    /// <summary>The Data Protection purpose string: a different purpose can never read these tokens.</summary>
    public const string Purpose = "Shopify.DualAuth.Tokens.v1";

    private readonly IDataProtector _protector;

    /// <summary>Creates the protector from the application's Data Protection provider.</summary>
    /// <param name="provider">The Data Protection provider.</param>
    public DataProtectionTokenProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector(Purpose);
    }

    /// <inheritdoc/>
    public byte[] Protect(byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return _protector.Protect(plaintext);
    }

    /// <inheritdoc/>
    public byte[] Unprotect(byte[] protectedData)
    {
        ArgumentNullException.ThrowIfNull(protectedData);
        return _protector.Unprotect(protectedData);
    }
}
