using System.Text.Json;
using Shopify.DualAuth.Testing.Emulator.Hosting;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>The success bodies of <c>access_token</c>, exactly the shapes of protocol §2.1.</summary>
internal static class TokenResponses
{
    public static EmulatorResponse NonExpiring(AccessTokenRecord token) => Write(json =>
    {
        json.WriteString("access_token", token.Token);
        json.WriteString("scope", token.Scopes.ToString());
    });

    public static EmulatorResponse Expiring(IssuedPair pair, DateTimeOffset now) => Write(json =>
    {
        json.WriteString("access_token", pair.Access.Token);
        json.WriteString("scope", pair.Access.Scopes.ToString());
        json.WriteNumber("expires_in", SecondsLeft(pair.Access.ExpiresAt!.Value, now));
        json.WriteString("refresh_token", pair.Refresh.Token);
        json.WriteNumber("refresh_token_expires_in", SecondsLeft(pair.Refresh.ExpiresAt, now));
    });

    public static EmulatorResponse Online(AccessTokenRecord token, DateTimeOffset now) => Write(json =>
    {
        var user = token.User!;
        json.WriteString("access_token", token.Token);
        json.WriteString("scope", token.Scopes.ToString());
        json.WriteNumber("expires_in", SecondsLeft(token.ExpiresAt!.Value, now));
        json.WriteString("associated_user_scope", token.UserScopes!.ToString());
        json.WriteStartObject("associated_user");
        json.WriteNumber("id", user.Id);
        json.WriteString("first_name", user.FirstName);
        json.WriteString("last_name", user.LastName);
        json.WriteString("email", user.Email);
        json.WriteBoolean("email_verified", user.EmailVerified);
        json.WriteBoolean("account_owner", user.AccountOwner);
        json.WriteString("locale", user.Locale);
        json.WriteBoolean("collaborator", user.Collaborator);
        json.WriteEndObject();
    });

    public static EmulatorResponse ClientCredentials(AccessTokenRecord token, DateTimeOffset now) => Write(json =>
    {
        json.WriteString("access_token", token.Token);
        json.WriteString("scope", token.Scopes.ToString());
        json.WriteNumber("expires_in", SecondsLeft(token.ExpiresAt!.Value, now));
    });

    private static long SecondsLeft(DateTimeOffset expiresAt, DateTimeOffset now)
        => Math.Max(0, (long)Math.Floor((expiresAt - now).TotalSeconds));

    private static EmulatorResponse Write(Action<Utf8JsonWriter> fields) => EmulatorResponse.Json(200, json =>
    {
        json.WriteStartObject();
        fields(json);
        json.WriteEndObject();
    });
}
