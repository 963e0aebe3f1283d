namespace Shopify.DualAuth.PostgreSql.Internal;

/// <summary>The rule for the configurable schema name, which is spliced into SQL text.</summary>
internal static class PostgreSqlIdentifiers
{
    public const string SchemaRule = "The PostgreSQL schema name must be 1 to 63 characters of lower-case letters, digits and '_', starting with a letter or '_'.";

    /// <summary>
    /// Only plain lower-case identifiers are accepted: they need no quoting rules beyond the double
    /// quotes, cannot inject SQL, and name the same schema quoted or not.
    /// </summary>
    public static bool IsValidSchema(string? schema)
    {
        if (string.IsNullOrEmpty(schema) || schema.Length > 63 || char.IsAsciiDigit(schema[0]))
        {
            return false;
        }

        foreach (var c in schema)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    public static string QuoteSchema(string schema)
        => IsValidSchema(schema) ? "\"" + schema + "\"" : throw new ArgumentException(SchemaRule, nameof(schema));
}
