using System.Globalization;
using System.Text.Json;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// Reads Shopify's token and error bodies. Unknown fields are ignored; known fields of the wrong type
/// are refused. Failure reasons are fixed text that never repeats a value from the body.
/// </summary>
internal static class TokenResponseReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // Two access_token fields would leave it to chance which one is stored.
        AllowDuplicateProperties = false,
        MaxDepth = 8,
    };

    /// <summary>Reads a 2xx body; returns <see langword="null"/> on success, or why the body is unusable.</summary>
    public static string? TryRead(ReadOnlyMemory<byte> body, out TokenResponse? response)
    {
        response = null;
        try
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            return TryRead(document.RootElement, out response);
        }
        catch (JsonException)
        {
            return "the body is not valid JSON or repeats a field";
        }
    }

    /// <summary>Reads Shopify's OAuth error fields from a non-2xx body, when it has them.</summary>
    public static (string? Error, string? Description) ReadError(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            // Some Shopify endpoints answer in the older Rails shape {"errors": "..."}.
            var description = GetString(root, "error_description") ?? GetString(root, "errors");
            return (GetString(root, "error"), description);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? TryRead(JsonElement root, out TokenResponse? response)
    {
        response = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the body is not a JSON object";
        }

        if (GetString(root, "access_token") is not { } accessToken || string.IsNullOrWhiteSpace(accessToken))
        {
            return "access_token is missing or empty";
        }

        if (GetString(root, "scope") is not { } scope || !ScopeSet.TryParse(scope, out var scopes))
        {
            return "scope is missing or malformed";
        }

        if (!TryGetSeconds(root, "expires_in", out var expiresIn))
        {
            return "expires_in is not a positive whole number of seconds";
        }

        if (!TryGetOptionalString(root, "refresh_token", out var refreshToken))
        {
            return "refresh_token is not a non-empty string";
        }

        if (!TryGetSeconds(root, "refresh_token_expires_in", out var refreshExpiresIn))
        {
            return "refresh_token_expires_in is not a positive whole number of seconds";
        }

        ShopifyUser? user = null;
        ScopeSet? userScopes = null;
        if (root.TryGetProperty("associated_user", out var userElement) && userElement.ValueKind != JsonValueKind.Null)
        {
            if (TryReadUser(userElement, out user) is { } problem)
            {
                return problem;
            }

            if (GetString(root, "associated_user_scope") is not { } userScope || !ScopeSet.TryParse(userScope, out userScopes))
            {
                return "associated_user_scope is missing or malformed";
            }
        }

        response = new TokenResponse(accessToken, scopes, expiresIn, refreshToken, refreshExpiresIn, user, userScopes);
        return null;
    }

    private static string? TryReadUser(JsonElement element, out ShopifyUser? user)
    {
        user = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return "associated_user is not an object";
        }

        // Real user IDs exceed 2^31; anything that does not fit a positive Int64 is refused, not truncated.
        if (!element.TryGetProperty("id", out var id) || !TryGetPositiveInt64(id, out var userId))
        {
            return "associated_user.id is missing or not a positive 64-bit integer";
        }

        user = new ShopifyUser(
            userId,
            GetString(element, "first_name") ?? string.Empty,
            GetString(element, "last_name") ?? string.Empty,
            GetString(element, "email") ?? string.Empty,
            GetBoolean(element, "email_verified"),
            GetBoolean(element, "account_owner"),
            GetString(element, "locale") ?? string.Empty,
            GetBoolean(element, "collaborator"));
        return null;
    }

    // Absent or null reads as "not there"; present must be a positive whole number (a numeric string
    // is accepted too, as some client libraries send them) that fits in an Int32.
    private static bool TryGetSeconds(JsonElement root, string name, out long? seconds)
    {
        seconds = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (!TryGetPositiveInt64(element, out var value) || value > int.MaxValue)
        {
            return false;
        }

        seconds = value;
        return true;
    }

    private static bool TryGetPositiveInt64(JsonElement element, out long value)
    {
        value = 0;
        var ok = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        return ok && value > 0;
    }

    private static bool TryGetOptionalString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return !string.IsNullOrWhiteSpace(value);
    }

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool GetBoolean(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
