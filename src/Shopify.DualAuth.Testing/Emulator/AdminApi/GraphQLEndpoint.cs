using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.AdminApi;

/// <summary>
/// <c>POST admin/api/{version}/graphql.json</c>: checks <c>X-Shopify-Access-Token</c> (an unknown,
/// revoked, expired or other shop's token answers 401 as Shopify does), then answers the query.
/// </summary>
internal sealed class GraphQLEndpoint(EmulatorState state)
{
    public const string InvalidToken = "[API] Invalid API key or access token (unrecognized login or wrong password)";

    public EmulatorResponse Handle(EmulatedShop shop, string? accessToken, string? query)
    {
        AdminApiSnapshot snapshot;
        lock (state.Gate)
        {
            if (accessToken is null
                || !state.AccessTokens.TryGetValue(accessToken, out var token)
                || token.Shop != shop.Domain
                || !token.IsActive(state.Now))
            {
                return EmulatorResponse.ApiError(401, InvalidToken);
            }

            snapshot = new AdminApiSnapshot(shop.IdUnlocked, shop.NameUnlocked, shop.Domain, shop.GrantedScopesUnlocked);
        }

        if (query is null)
        {
            return EmulatorResponse.Json(400, json =>
            {
                json.WriteStartObject();
                json.WriteStartObject("errors");
                json.WriteString("query", "Required parameter missing or invalid");
                json.WriteEndObject();
                json.WriteEndObject();
            });
        }

        var selection = GraphQLParser.TryParse(query, out var error);
        error ??= AdminApiResolver.Validate(selection!);
        return EmulatorResponse.Json(200, json =>
        {
            json.WriteStartObject();
            if (error is not null)
            {
                json.WriteStartArray("errors");
                json.WriteStartObject();
                json.WriteString("message", error);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            else
            {
                json.WritePropertyName("data");
                AdminApiResolver.Write(json, selection!, snapshot);
            }

            json.WriteEndObject();
        });
    }
}
