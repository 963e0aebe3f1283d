using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>
/// The fields of an <c>access_token</c> request, from a form or a JSON body (libraries send both;
/// JSON values may be strings or numbers) merged over the query string, as Shopify's Rails stack does.
/// </summary>
internal sealed class TokenRequest
{
    private readonly Dictionary<string, string> _fields;

    private TokenRequest(Dictionary<string, string> fields, bool malformedBody)
    {
        _fields = fields;
        MalformedBody = malformedBody;
        Grant = Classify();
    }

    public bool MalformedBody { get; }

    /// <summary>The operation the fields select, or <see langword="null"/> when they select none.</summary>
    public EmulatorGrant? Grant { get; }

    public string? GrantType => this["grant_type"];

    /// <summary><c>expiring=1</c>, sent as a string by some libraries and as a number by others.</summary>
    public bool Expiring => this["expiring"] == "1";

    /// <summary>Whether <c>requested_token_type</c> names something other than an offline or online token.</summary>
    public bool HasUnknownRequestedTokenType
        => this["requested_token_type"] is { } type && type is not (OAuthNames.OfflineAccessToken or OAuthNames.OnlineAccessToken);

    public string? this[string name] => _fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static async Task<TokenRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in request.Query)
        {
            fields[key] = values.ToString();
        }

        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
                foreach (var (key, values) in form)
                {
                    fields[key] = values.ToString();
                }
            }
            else if (request.HasJsonContentType())
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (body.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return new TokenRequest(fields, malformedBody: true);
                }

                foreach (var property in body.RootElement.EnumerateObject())
                {
                    if (Scalar(property.Value) is { } value)
                    {
                        fields[property.Name] = value;
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            return new TokenRequest(fields, malformedBody: true);
        }

        return new TokenRequest(fields, malformedBody: false);
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => bool.TrueString.ToLower(CultureInfo.InvariantCulture),
        JsonValueKind.False => bool.FalseString.ToLower(CultureInfo.InvariantCulture),
        _ => null,
    };

    private EmulatorGrant? Classify() => GrantType switch
    {
        null or OAuthNames.AuthorizationCode => this["code"] is not null || GrantType is not null ? EmulatorGrant.AuthorizationCode : null,
        OAuthNames.RefreshToken => EmulatorGrant.RefreshToken,
        OAuthNames.ClientCredentials => EmulatorGrant.ClientCredentials,
        OAuthNames.TokenExchange => this["subject_token_type"] switch
        {
            OAuthNames.IdToken => this["requested_token_type"] == OAuthNames.OnlineAccessToken
                ? EmulatorGrant.TokenExchangeOnline
                : EmulatorGrant.TokenExchangeOffline,
            OAuthNames.OfflineAccessToken => EmulatorGrant.Migration,
            _ => null,
        },
        _ => null,
    };
}
