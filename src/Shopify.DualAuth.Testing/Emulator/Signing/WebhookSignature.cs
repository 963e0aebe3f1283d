using System.Security.Cryptography;
using System.Text;

namespace Shopify.DualAuth.Testing.Emulator.Signing;

/// <summary>Shopify's webhook signature (protocol §6.1): base64 HMAC-SHA256 of the exact body bytes.</summary>
internal static class WebhookSignature
{
    public static string Compute(string secret, ReadOnlySpan<byte> body)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
