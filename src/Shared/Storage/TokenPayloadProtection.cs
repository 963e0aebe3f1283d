using System.Security.Cryptography;

namespace Shopify.DualAuth.Storage;

/// <summary>
/// The encrypt-at-rest step shared by the durable stores: protects a serialized token payload and
/// wipes the plaintext copy, or passes it through when the app explicitly allowed plaintext.
/// </summary>
internal sealed class TokenPayloadProtection
{
    private readonly ITokenProtector? _protector;

    private TokenPayloadProtection(ITokenProtector? protector) => _protector = protector;

    /// <summary>
    /// Chooses the protection for a store, refusing to store tokens in clear unless
    /// <paramref name="allowPlaintext"/> says so.
    /// </summary>
    public static TokenPayloadProtection Create(ITokenProtector? protector, bool allowPlaintext, string storeName)
        => protector is not null || allowPlaintext
            ? new TokenPayloadProtection(protector)
            : throw new InvalidOperationException(
                $"The {storeName} token store needs an ITokenProtector to encrypt tokens at rest. Register one (the ASP.NET Core package provides one on Data Protection), "
                + "or set AllowPlaintext = true in the store's options to store tokens unencrypted (development only).");

    /// <summary>Protects <paramref name="payload"/> and clears it, so no plaintext token outlives the call.</summary>
    public byte[] Protect(byte[] payload)
    {
        if (_protector is null)
        {
            return payload;
        }

        try
        {
            return _protector.Protect(payload);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>Recovers a payload made by <see cref="Protect"/>; the caller clears the result after use.</summary>
    public byte[] Unprotect(byte[] stored) => _protector is null ? stored : _protector.Unprotect(stored);
}
