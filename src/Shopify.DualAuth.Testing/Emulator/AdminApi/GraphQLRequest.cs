using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.Testing.Emulator.AdminApi;

/// <summary>Reads the query of a GraphQL request: JSON <c>{"query": ...}</c> or an <c>application/graphql</c> body.</summary>
internal static class GraphQLRequest
{
    public static async Task<string?> ReadQueryAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.HasJsonContentType())
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                return body.RootElement.ValueKind == JsonValueKind.Object
                    && body.RootElement.TryGetProperty("query", out var query)
                    && query.ValueKind == JsonValueKind.String
                        ? query.GetString()
                        : null;
            }

            if (request.ContentType?.StartsWith("application/graphql", StringComparison.OrdinalIgnoreCase) == true)
            {
                using var reader = new StreamReader(request.Body);
                return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
