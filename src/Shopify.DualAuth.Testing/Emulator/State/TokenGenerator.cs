using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>
/// The emulator's only source of randomness: cryptographic by default, a seeded
/// <see cref="Random"/> when the options ask for reproducible tokens.
/// </summary>
internal sealed class TokenGenerator
{
    private readonly Random? _seeded;
    private readonly Lock _gate = new();

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Opt-in reproducibility for tests; the default is cryptographic.")]
    public TokenGenerator(int? seed) => _seeded = seed is { } value ? new Random(value) : null;

    /// <summary>A Shopify-style token: <paramref name="prefix"/> and 32 lower-case hex digits.</summary>
    public string Token(string prefix) => prefix + Hex(16);

    public string Hex(int byteCount)
    {
        Span<byte> bytes = stackalloc byte[byteCount];
        Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public Guid Guid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Opt-in reproducibility for tests; the default is cryptographic.")]
    private void Fill(Span<byte> bytes)
    {
        if (_seeded is null)
        {
            RandomNumberGenerator.Fill(bytes);
            return;
        }

        lock (_gate)
        {
            _seeded.NextBytes(bytes);
        }
    }
}
