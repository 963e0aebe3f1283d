using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Shopify.DualAuth.Storage;

/// <summary>
/// The identity of an offline token's secrets, for compare-and-swap in durable stores: lower-case
/// hex SHA-256 of the UTF-8 of <c>access_token + "\n" + (refresh_token ?? "")</c>.
/// </summary>
/// <remarks>
/// A store keeps it in a plain column beside the encrypted token so that
/// <see cref="IShopifyTokenStore.TryRotateOfflineTokenAsync"/> is one
/// <c>UPDATE ... WHERE shop = @shop AND fingerprint = @expected</c> that needs no decryption.
/// Tokens are long random strings, so the hash reveals nothing usable about them.
/// </remarks>
public static class OfflineTokenFingerprint
{
    /// <summary>The length of a fingerprint in characters (64 hex digits).</summary>
    public const int Length = SHA256.HashSizeInBytes * 2;

    private const int StackLimit = 1024;

    /// <summary>Computes the fingerprint of a token's access and refresh tokens.</summary>
    /// <param name="token">The token.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string Compute(OfflineToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Compute(token.AccessToken, token.RefreshToken);
    }

    /// <summary>Computes the fingerprint of an access token and its refresh token.</summary>
    /// <param name="accessToken">The access token.</param>
    /// <param name="refreshToken">The refresh token, or <see langword="null"/> for a legacy non-expiring token.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string Compute(string accessToken, string? refreshToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        refreshToken ??= string.Empty;
        var length = Encoding.UTF8.GetByteCount(accessToken) + 1 + Encoding.UTF8.GetByteCount(refreshToken);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var input = buffer[..length];
        try
        {
            var written = Encoding.UTF8.GetBytes(accessToken, input);
            input[written++] = (byte)'\n';
            Encoding.UTF8.GetBytes(refreshToken, input[written..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(input, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            // The input is the tokens themselves: leave no copy behind in pooled or stack memory.
            CryptographicOperations.ZeroMemory(input);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
