using Shopify.DualAuth.Testing.Emulator.Hosting;

namespace Shopify.DualAuth.Testing.Emulator.OAuth;

/// <summary>The error answers of <c>access_token</c> (protocol §3.7, §4.2, §11).</summary>
internal static class OAuthErrors
{
    public static EmulatorResponse InvalidClient()
        => EmulatorResponse.OAuthError(401, "invalid_client", "Client authentication failed: the client_id or client_secret is not valid.");

    public static EmulatorResponse CodeNotFound()
        => EmulatorResponse.OAuthError(400, "invalid_request", "The authorization code was not found or was already used");

    public static EmulatorResponse InvalidSubjectToken()
        => EmulatorResponse.OAuthError(400, "invalid_subject_token", "Token exchange cannot be performed due to an invalid subject token.");

    public static EmulatorResponse InactiveRefreshToken()
        => EmulatorResponse.OAuthError(401, "invalid_request", "This request requires an active refresh_token");

    public static EmulatorResponse AppNotInstalled()
        => EmulatorResponse.OAuthError(400, "app_not_installed", "The application is not installed on this shop.");

    public static EmulatorResponse InvalidRequest(string description)
        => EmulatorResponse.OAuthError(400, "invalid_request", description);
}
