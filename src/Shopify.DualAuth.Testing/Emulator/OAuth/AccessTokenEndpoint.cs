using System.Security.Cryptography;
using System.Text;
using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary><c>POST admin/oauth/access_token</c>: authenticates the client, then hands the request to its grant.</summary>
internal sealed class AccessTokenEndpoint(EmulatorState state)
{
    private readonly CodeGrant _code = new(state);
    private readonly TokenExchangeGrant _exchange = new(state);
    private readonly MigrationGrant _migration = new(state);
    private readonly RefreshGrant _refresh = new(state);
    private readonly ClientCredentialsGrant _clientCredentials = new(state);

    public EmulatorResponse Handle(EmulatedShop shop, TokenRequest request)
    {
        if (request.MalformedBody)
        {
            return OAuthErrors.InvalidRequest("The request body could not be parsed.");
        }

        if (!IsClient(request["client_id"], request["client_secret"]))
        {
            return OAuthErrors.InvalidClient();
        }

        lock (state.Gate)
        {
            return request.Grant switch
            {
                EmulatorGrant.AuthorizationCode => _code.Handle(shop, request),
                EmulatorGrant.TokenExchangeOffline => _exchange.Handle(shop, request, online: false),
                EmulatorGrant.TokenExchangeOnline => _exchange.Handle(shop, request, online: true),
                EmulatorGrant.Migration => _migration.Handle(shop, request),
                EmulatorGrant.RefreshToken => _refresh.Handle(shop, request),
                EmulatorGrant.ClientCredentials => _clientCredentials.Handle(shop),
                _ when request.GrantType is null => OAuthErrors.InvalidRequest("The code parameter is required."),
                _ when request.GrantType == OAuthNames.TokenExchange => OAuthErrors.InvalidRequest("The subject_token_type is missing or not supported."),
                _ => EmulatorResponse.OAuthError(400, "unsupported_grant_type", "The grant_type is not supported."),
            };
        }
    }

    private bool IsClient(string? clientId, string? clientSecret)
        => string.Equals(clientId, state.ClientId, StringComparison.Ordinal)
            && clientSecret is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(state.ClientSecret));
}
