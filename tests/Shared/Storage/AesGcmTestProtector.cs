using System.Security.Cryptography;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.StoreTests;

/// <summary>
/// A real authenticated-encryption protector (AES-256-GCM, random key per instance, random nonce
/// per message), so the raw-data tests see what a production protector would leave on the server.
/// </summary>
internal sealed class AesGcmTestProtector : ITokenProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>One key for every store a test run creates, as the instances of one app share theirs.</summary>
    public static AesGcmTestProtector Shared { get; } = new();

    public byte[] Protect(byte[] plaintext)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return output;
    }

    public byte[] Unprotect(byte[] protectedData)
    {
        if (protectedData.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Protected data is too short.");
        }

        var plaintext = new byte[protectedData.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(protectedData.AsSpan(0, NonceSize), protectedData.AsSpan(NonceSize + TagSize), protectedData.AsSpan(NonceSize, TagSize), plaintext);
        return plaintext;
    }
}
