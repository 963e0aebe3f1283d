using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Primitives;
using Shopify.DualAuth.Internal;

namespace Shopify.DualAuth.Verification;

/// <summary>
/// Turns a raw query string, or an already-decoded parameter collection, into a
/// <see cref="DecodedQuery"/>: UTF-8 keys and values in arrival order. Strict: a malformed
/// percent-escape, invalid UTF-8 or UTF-16, or input over the caps is rejected rather than guessed
/// at, because a signature check over a guessed decoding would not be meaningful.
/// </summary>
internal static class QueryStringDecoder
{
    /// <summary>The longest query accepted, in characters (twice Kestrel's default request-line limit).</summary>
    public const int MaxQueryLength = 16 * 1024;

    /// <summary>The most parameters accepted (counting empty <c>&amp;</c>-separated segments in raw queries).</summary>
    public const int MaxParameters = 128;

    private static readonly SearchValues<char> PercentOrPlus = SearchValues.Create("%+");

    /// <summary>
    /// Checks the caps and returns the buffer sizes <see cref="TryDecode"/> needs: an upper bound on the
    /// decoded bytes and on the number of parameters.
    /// </summary>
    public static bool TryMeasure(ReadOnlySpan<char> query, out int maxBytes, out int maxParameters)
    {
        maxBytes = 0;
        maxParameters = 0;
        if (query.Length > MaxQueryLength)
        {
            return false;
        }

        var segments = query.Count('&') + 1;
        if (segments > MaxParameters)
        {
            return false;
        }

        maxParameters = segments;

        // A UTF-16 unit becomes at most three UTF-8 bytes; an escape or an ASCII character at most one.
        maxBytes = Ascii.IsValid(query) ? query.Length : query.Length * 3;
        return true;
    }

    /// <summary>Decodes a raw query (without its leading <c>?</c>) into buffers sized by <see cref="TryMeasure"/>.</summary>
    public static bool TryDecode(ReadOnlySpan<char> query, Span<byte> bytes, Span<QueryParameter> parameters, out int count, out int length)
        => Ascii.IsValid(query)
            ? TryDecodeAscii(query, bytes, parameters, out count, out length)
            : TryDecodeUtf16(query, bytes, parameters, out count, out length);

    // The usual case (a query as it arrives on the wire is ASCII): narrow it to bytes in one
    // vectorised step, then decode each component in place. Decoding never makes a component
    // longer, so the write position never passes the read position. A query with no escape at all
    // (a typical OAuth callback) needs no decoding: its parameters are slices of the narrowed bytes.
    private static bool TryDecodeAscii(ReadOnlySpan<char> query, Span<byte> bytes, Span<QueryParameter> parameters, out int count, out int length)
    {
        count = 0;
        length = 0;
        Ascii.FromUtf16(query, bytes, out _);
        var end = query.Length;
        var plain = bytes[..end].IndexOfAny((byte)'%', (byte)'+') < 0;
        var position = 0;
        while (true)
        {
            var separator = bytes[position..end].IndexOf((byte)'&');
            var segmentLength = separator < 0 ? end - position : separator;

            // Empty segments ("a=1&&b=2") are not parameters, as in ASP.NET Core's own parser.
            if (segmentLength > 0)
            {
                if (count == parameters.Length)
                {
                    return false;
                }

                var equals = bytes.Slice(position, segmentLength).IndexOf((byte)'=');
                var keyLength = equals < 0 ? segmentLength : equals;
                var valueOffset = equals < 0 ? segmentLength : equals + 1;
                if (plain)
                {
                    parameters[count++] = new QueryParameter(position, keyLength, position + valueOffset, segmentLength - valueOffset);
                    length = position + segmentLength;
                }
                else
                {
                    var keyStart = length;
                    if (!TryDecodeInPlace(bytes, position, keyLength, ref length))
                    {
                        return false;
                    }

                    var valueStart = length;
                    if (!TryDecodeInPlace(bytes, position + valueOffset, segmentLength - valueOffset, ref length))
                    {
                        return false;
                    }

                    parameters[count++] = new QueryParameter(keyStart, valueStart - keyStart, valueStart, length - valueStart);
                }
            }

            if (separator < 0)
            {
                return true;
            }

            position += segmentLength + 1;
        }
    }

    private static bool TryDecodeInPlace(Span<byte> bytes, int start, int count, ref int length)
    {
        var source = bytes.Slice(start, count);
        var written = length;
        var escaped = false;
        while (true)
        {
            var special = source.IndexOfAny((byte)'%', (byte)'+');
            var literal = special < 0 ? source : source[..special];

            // Span copies are overlap-safe, and a no-op when nothing has been decoded yet.
            literal.CopyTo(bytes[written..]);
            written += literal.Length;
            if (special < 0)
            {
                break;
            }

            if (source[special] == (byte)'+')
            {
                bytes[written++] = (byte)' ';
                source = source[(special + 1)..];
                continue;
            }

            if (special + 2 >= source.Length || !TryHexValue((char)source[special + 1], out var high) || !TryHexValue((char)source[special + 2], out var low))
            {
                return false;
            }

            bytes[written++] = (byte)((high << 4) | low);
            escaped = true;
            source = source[(special + 3)..];
        }

        // Only escapes can produce non-ASCII bytes, and only well-formed UTF-8 has a defined meaning.
        var valid = !escaped || Utf8.IsValid(bytes[length..written]);
        length = written;
        return valid;
    }

    private static bool TryDecodeUtf16(ReadOnlySpan<char> query, Span<byte> bytes, Span<QueryParameter> parameters, out int count, out int length)
    {
        count = 0;
        length = 0;
        while (true)
        {
            var separator = query.IndexOf('&');
            var segment = separator < 0 ? query : query[..separator];
            if (!segment.IsEmpty)
            {
                if (count == parameters.Length)
                {
                    return false;
                }

                var equals = segment.IndexOf('=');
                var keyStart = length;
                if (!TryDecodeComponent(equals < 0 ? segment : segment[..equals], bytes, ref length))
                {
                    return false;
                }

                var valueStart = length;
                if (equals >= 0 && !TryDecodeComponent(segment[(equals + 1)..], bytes, ref length))
                {
                    return false;
                }

                parameters[count++] = new QueryParameter(keyStart, valueStart - keyStart, valueStart, length - valueStart);
            }

            if (separator < 0)
            {
                return true;
            }

            query = query[(separator + 1)..];
        }
    }

    /// <summary>
    /// Encodes already-decoded parameters (for example ASP.NET Core's <c>IQueryCollection</c>) as UTF-8.
    /// Each value of a multi-valued key becomes its own parameter, in order.
    /// </summary>
    public static bool TryEncode(IEnumerable<KeyValuePair<string, StringValues>> query, ref PooledByteWriter bytes, Span<QueryParameter> parameters, out int count)
    {
        count = 0;
        var characters = 0;
        foreach (var (key, values) in query)
        {
            if (key is null)
            {
                return false;
            }

            characters += key.Length;
            if (characters > MaxQueryLength)
            {
                return false;
            }

            var keyStart = bytes.Length;
            if (!TryWriteUtf8(key, ref bytes))
            {
                return false;
            }

            var keyLength = bytes.Length - keyStart;

            // A key without values ("?a") still is a parameter, with an empty value.
            var valueCount = Math.Max(values.Count, 1);
            for (var i = 0; i < valueCount; i++)
            {
                var value = values.Count == 0 ? string.Empty : values[i] ?? string.Empty;
                characters += value.Length;
                if (count == parameters.Length || characters > MaxQueryLength)
                {
                    return false;
                }

                var valueStart = bytes.Length;
                if (!TryWriteUtf8(value, ref bytes))
                {
                    return false;
                }

                parameters[count++] = new QueryParameter(keyStart, keyLength, valueStart, bytes.Length - valueStart);
            }
        }

        return true;
    }

    private static bool TryWriteUtf8(string text, ref PooledByteWriter bytes)
    {
        var destination = bytes.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        if (Utf8.FromUtf16(text, destination, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return false;
        }

        bytes.Advance(written);
        return true;
    }

    private static bool TryDecodeComponent(ReadOnlySpan<char> source, Span<byte> destination, ref int length)
    {
        var start = length;
        while (true)
        {
            var special = source.IndexOfAny(PercentOrPlus);
            var literal = special < 0 ? source : source[..special];

            // Characters outside the escapes are taken as they are (UTF-8 encoded when not ASCII).
            if (Utf8.FromUtf16(literal, destination[length..], out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return false;
            }

            length += written;
            if (special < 0)
            {
                break;
            }

            if (source[special] == '+')
            {
                destination[length++] = (byte)' ';
                source = source[(special + 1)..];
                continue;
            }

            if (special + 2 >= source.Length || !TryHexValue(source[special + 1], out var high) || !TryHexValue(source[special + 2], out var low))
            {
                return false;
            }

            destination[length++] = (byte)((high << 4) | low);
            source = source[(special + 3)..];
        }

        // Escapes can spell any byte sequence; only well-formed UTF-8 has a defined meaning.
        return Utf8.IsValid(destination[start..length]);
    }

    private static bool TryHexValue(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
