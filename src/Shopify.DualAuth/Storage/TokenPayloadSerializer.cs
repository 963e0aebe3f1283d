using System.Buffers.Binary;
using System.Text;

namespace Shopify.DualAuth.Storage;

/// <summary>
/// Turns the secret part of a token into the bytes a durable store hands to
/// <see cref="ITokenProtector.Protect"/>, and back. Everything a store must query (shop, user ID,
/// scopes, expiry times) stays outside the payload, in the store's own columns or fields.
/// </summary>
/// <remarks>
/// <para>
/// The offline payload holds the access and refresh tokens; the online payload holds the access
/// token and the user's profile (name, email, locale and flags are personal data). Both also
/// hold the shop (and user ID), and reading checks them against the row the payload was read
/// from, so an encrypted payload copied into another row is rejected instead of being served as
/// that row's token.
/// </para>
/// <para>
/// The format is versioned binary: a version byte, a kind byte, then length-prefixed UTF-8
/// strings. The returned arrays hold token secrets; clear them
/// (<see cref="System.Security.Cryptography.CryptographicOperations.ZeroMemory"/>) once protected.
/// </para>
/// </remarks>
public static class TokenPayloadSerializer
{
    private const byte FormatVersion = 1;
    private const byte OfflineKind = 1;
    private const byte OnlineKind = 2;
    private const byte EmailVerifiedFlag = 1;
    private const byte AccountOwnerFlag = 2;
    private const byte CollaboratorFlag = 4;

    /// <summary>Serializes an offline token's shop, access token and refresh token.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The payload to protect.</returns>
    public static byte[] SerializeOffline(OfflineToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var size = 2 + SizeOf(token.Shop.Value) + SizeOf(token.AccessToken) + 1 + (token.RefreshToken is null ? 0 : SizeOf(token.RefreshToken));
        var payload = new byte[size];
        var writer = new Writer(payload);
        writer.WriteByte(FormatVersion);
        writer.WriteByte(OfflineKind);
        writer.WriteString(token.Shop.Value);
        writer.WriteString(token.AccessToken);
        writer.WriteByte(token.RefreshToken is null ? (byte)0 : (byte)1);
        if (token.RefreshToken is not null)
        {
            writer.WriteString(token.RefreshToken);
        }

        writer.EnsureFull();
        return payload;
    }

    /// <summary>Rebuilds an offline token from its unprotected payload and the store's queryable fields.</summary>
    /// <param name="payload">Bytes made by <see cref="SerializeOffline"/> (after <see cref="ITokenProtector.Unprotect"/>).</param>
    /// <param name="shop">The shop of the row the payload was read from.</param>
    /// <param name="scopes">The stored scopes.</param>
    /// <param name="expiresAt">The stored access-token expiry.</param>
    /// <param name="refreshTokenExpiresAt">The stored refresh-token expiry.</param>
    /// <returns>The token.</returns>
    /// <exception cref="FormatException">The payload is malformed, of another kind or version, belongs to another shop, or disagrees with the stored expiry fields.</exception>
    public static OfflineToken DeserializeOffline(ReadOnlySpan<byte> payload, ShopDomain shop, ScopeSet scopes, DateTimeOffset? expiresAt, DateTimeOffset? refreshTokenExpiresAt)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(scopes);
        var reader = new Reader(payload);
        reader.ExpectHeader(OfflineKind);
        reader.ExpectShop(shop);
        var accessToken = reader.ReadString();
        var refreshToken = reader.ReadByte() switch
        {
            0 => null,
            1 => reader.ReadString(),
            _ => throw Malformed(),
        };
        reader.EnsureEnd();
        try
        {
            return new OfflineToken(shop, accessToken, scopes, expiresAt, refreshToken, refreshTokenExpiresAt);
        }
        catch (ArgumentException)
        {
            throw new FormatException("The stored offline token is inconsistent: its refresh token does not match the stored expiry fields.");
        }
    }

    /// <summary>Serializes an online token's shop, user ID, access token and user profile.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The payload to protect.</returns>
    public static byte[] SerializeOnline(OnlineToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var user = token.User;
        var size = 2 + SizeOf(token.Shop.Value) + sizeof(long) + SizeOf(token.AccessToken)
            + SizeOf(user.FirstName) + SizeOf(user.LastName) + SizeOf(user.Email) + SizeOf(user.Locale) + 1;
        var payload = new byte[size];
        var writer = new Writer(payload);
        writer.WriteByte(FormatVersion);
        writer.WriteByte(OnlineKind);
        writer.WriteString(token.Shop.Value);
        writer.WriteInt64(user.Id);
        writer.WriteString(token.AccessToken);
        writer.WriteString(user.FirstName);
        writer.WriteString(user.LastName);
        writer.WriteString(user.Email);
        writer.WriteString(user.Locale);
        writer.WriteByte((byte)((user.EmailVerified ? EmailVerifiedFlag : 0) | (user.AccountOwner ? AccountOwnerFlag : 0) | (user.Collaborator ? CollaboratorFlag : 0)));
        writer.EnsureFull();
        return payload;
    }

    /// <summary>Rebuilds an online token from its unprotected payload and the store's queryable fields.</summary>
    /// <param name="payload">Bytes made by <see cref="SerializeOnline"/> (after <see cref="ITokenProtector.Unprotect"/>).</param>
    /// <param name="shop">The shop of the row the payload was read from.</param>
    /// <param name="userId">The user ID of the row the payload was read from.</param>
    /// <param name="scopes">The stored installation scopes.</param>
    /// <param name="userScopes">The stored user scopes.</param>
    /// <param name="expiresAt">The stored expiry.</param>
    /// <returns>The token.</returns>
    /// <exception cref="FormatException">The payload is malformed, of another kind or version, or belongs to another shop or user.</exception>
    public static OnlineToken DeserializeOnline(ReadOnlySpan<byte> payload, ShopDomain shop, long userId, ScopeSet scopes, ScopeSet userScopes, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(userScopes);
        var reader = new Reader(payload);
        reader.ExpectHeader(OnlineKind);
        reader.ExpectShop(shop);
        if (reader.ReadInt64() != userId)
        {
            throw new FormatException("The stored online token belongs to another user than the row it was read from.");
        }

        var accessToken = reader.ReadString();
        var firstName = reader.ReadString();
        var lastName = reader.ReadString();
        var email = reader.ReadString();
        var locale = reader.ReadString();
        var flags = reader.ReadByte();
        if ((flags & ~(EmailVerifiedFlag | AccountOwnerFlag | CollaboratorFlag)) != 0)
        {
            throw Malformed();
        }

        reader.EnsureEnd();
        var user = new ShopifyUser(
            userId,
            firstName,
            lastName,
            email,
            EmailVerified: (flags & EmailVerifiedFlag) != 0,
            AccountOwner: (flags & AccountOwnerFlag) != 0,
            locale,
            Collaborator: (flags & CollaboratorFlag) != 0);
        return new OnlineToken(shop, accessToken, scopes, userScopes, expiresAt, user);
    }

    private static int SizeOf(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return VarIntSize((uint)bytes) + bytes;
    }

    private static int VarIntSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    // Never echoes payload content: it is token material.
    private static FormatException Malformed() => new("The stored token payload is malformed or was written by an unknown format version.");

    private ref struct Writer
    {
        private readonly Span<byte> _buffer;
        private int _position;

        public Writer(Span<byte> buffer) => _buffer = buffer;

        public void WriteByte(byte value) => _buffer[_position++] = value;

        public void WriteInt64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer[_position..], value);
            _position += sizeof(long);
        }

        public void WriteString(string value)
        {
            var length = (uint)Encoding.UTF8.GetByteCount(value);
            while (length >= 0x80)
            {
                WriteByte((byte)(length | 0x80));
                length >>= 7;
            }

            WriteByte((byte)length);
            _position += Encoding.UTF8.GetBytes(value, _buffer[_position..]);
        }

        public readonly void EnsureFull()
        {
            if (_position != _buffer.Length)
            {
                throw new InvalidOperationException("Token payload size was miscomputed.");
            }
        }
    }

    private ref struct Reader
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly ReadOnlySpan<byte> _buffer;
        private int _position;

        public Reader(ReadOnlySpan<byte> buffer) => _buffer = buffer;

        public void ExpectHeader(byte kind)
        {
            if (ReadByte() != FormatVersion || ReadByte() != kind)
            {
                throw Malformed();
            }
        }

        public void ExpectShop(ShopDomain shop)
        {
            if (!string.Equals(ReadString(), shop.Value, StringComparison.Ordinal))
            {
                throw new FormatException("The stored token belongs to another shop than the row it was read from.");
            }
        }

        public byte ReadByte() => _position < _buffer.Length ? _buffer[_position++] : throw Malformed();

        public long ReadInt64()
        {
            if (_buffer.Length - _position < sizeof(long))
            {
                throw Malformed();
            }

            var value = BinaryPrimitives.ReadInt64LittleEndian(_buffer[_position..]);
            _position += sizeof(long);
            return value;
        }

        public string ReadString()
        {
            uint length = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (shift > 28)
                {
                    throw Malformed();
                }

                var b = ReadByte();
                length |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            if (length > (uint)(_buffer.Length - _position))
            {
                throw Malformed();
            }

            try
            {
                var value = StrictUtf8.GetString(_buffer.Slice(_position, (int)length));
                _position += (int)length;
                return value;
            }
            catch (DecoderFallbackException)
            {
                throw Malformed();
            }
        }

        public readonly void EnsureEnd()
        {
            if (_position != _buffer.Length)
            {
                throw Malformed();
            }
        }
    }
}
