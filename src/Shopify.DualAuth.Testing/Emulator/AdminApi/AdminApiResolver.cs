using System.Globalization;
using System.Text.Json;

namespace Shopify.DualAuth.Testing.Emulator.AdminApi;

/// <summary>
/// Answers <c>shop { id name myshopifyDomain }</c> and <c>currentAppInstallation { accessScopes { handle } }</c>
/// in Shopify's shape. Anything else is a GraphQL validation error, reported the way Shopify reports one.
/// </summary>
internal static class AdminApiResolver
{
    private const string QueryRoot = "QueryRoot";

    // type → field → the field's object type, or null for a scalar.
    private static readonly Dictionary<string, Dictionary<string, string?>> Schema = new(StringComparer.Ordinal)
    {
        [QueryRoot] = new(StringComparer.Ordinal) { ["shop"] = "Shop", ["currentAppInstallation"] = "AppInstallation" },
        ["Shop"] = new(StringComparer.Ordinal) { ["id"] = null, ["name"] = null, ["myshopifyDomain"] = null },
        ["AppInstallation"] = new(StringComparer.Ordinal) { ["accessScopes"] = "AccessScope" },
        ["AccessScope"] = new(StringComparer.Ordinal) { ["handle"] = null },
    };

    /// <summary>The first validation error of <paramref name="selection"/>, or <see langword="null"/>.</summary>
    public static string? Validate(IReadOnlyList<GraphQLField> selection) => Validate(selection, QueryRoot);

    public static void Write(Utf8JsonWriter json, IReadOnlyList<GraphQLField> selection, AdminApiSnapshot shop)
    {
        json.WriteStartObject();
        foreach (var field in selection)
        {
            json.WritePropertyName(field.ResponseKey);
            switch (field.Name)
            {
                case "shop":
                    WriteShop(json, field.Selection!, shop);
                    break;
                case "currentAppInstallation":
                    WriteInstallation(json, field.Selection!, shop.GrantedScopes);
                    break;
                default:
                    json.WriteStringValue(QueryRoot);
                    break;
            }
        }

        json.WriteEndObject();
    }

    private static string? Validate(IReadOnlyList<GraphQLField> selection, string type)
    {
        foreach (var field in selection)
        {
            if (field.Name == "__typename")
            {
                if (field.Selection is not null)
                {
                    return "Selections can't be made on scalars (field '__typename' returns String!)";
                }

                continue;
            }

            if (!Schema[type].TryGetValue(field.Name, out var fieldType))
            {
                return $"Field '{field.Name}' doesn't exist on type '{type}'";
            }

            var error = (fieldType, field.Selection) switch
            {
                (null, not null) => $"Selections can't be made on scalars (field '{field.Name}' returns a scalar)",
                (not null, null) => $"Field must have selections (field '{field.Name}' returns {fieldType} but has no selections.)",
                (not null, not null) => Validate(field.Selection, fieldType),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static void WriteShop(Utf8JsonWriter json, IReadOnlyList<GraphQLField> selection, AdminApiSnapshot shop)
    {
        json.WriteStartObject();
        foreach (var field in selection)
        {
            var value = field.Name switch
            {
                "id" => string.Create(CultureInfo.InvariantCulture, $"gid://shopify/Shop/{shop.ShopId}"),
                "name" => shop.ShopName,
                "myshopifyDomain" => shop.Domain.Value,
                _ => "Shop",
            };
            json.WriteString(field.ResponseKey, value);
        }

        json.WriteEndObject();
    }

    private static void WriteInstallation(Utf8JsonWriter json, IReadOnlyList<GraphQLField> selection, ScopeSet scopes)
    {
        json.WriteStartObject();
        foreach (var field in selection)
        {
            if (field.Name != "accessScopes")
            {
                json.WriteString(field.ResponseKey, "AppInstallation");
                continue;
            }

            json.WriteStartArray(field.ResponseKey);
            foreach (var scope in scopes)
            {
                json.WriteStartObject();
                foreach (var scopeField in field.Selection!)
                {
                    json.WriteString(scopeField.ResponseKey, scopeField.Name == "handle" ? scope : "AccessScope");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
