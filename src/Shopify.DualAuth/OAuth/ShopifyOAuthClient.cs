using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// Talks to Shopify's OAuth endpoints: builds authorize URLs and performs every grant of
/// <c>/admin/oauth/access_token</c> (authorization code, token exchange, refresh, migration to expiring
/// tokens, client credentials).
/// </summary>
/// <remarks>
/// <para>
/// Every address comes from <see cref="IShopifyEndpoints"/> and a validated <see cref="ShopDomain"/>;
/// token exchange always goes to the shop of the validated session token. Requests are
/// <c>application/x-www-form-urlencoded</c> with <c>Accept: application/json</c>, and always use the
/// current <see cref="ShopifyAppOptions.ClientSecret"/>.
/// </para>
/// <para>
/// Registered by <c>AddShopifyDualAuth</c> as a typed <see cref="HttpClient"/> client whose handler
/// retries transient failures (see <see cref="ShopifyHttpRetryOptions"/>) and never follows redirects.
/// An instance built by hand over another <see cref="HttpClient"/> has only what that client has.
/// </para>
/// <para>
/// Relative lifetimes (<c>expires_in</c>) become absolute times counted from the moment the request was
/// first sent, so a stored expiry is never later than Shopify's. Failures throw
/// <see cref="ShopifyOAuthException"/>; the caller's cancellation throws <see cref="OperationCanceledException"/>.
/// </para>
/// </remarks>
public sealed class ShopifyOAuthClient
{
    /// <summary>The largest answer read; a token answer is well under 2 KiB.</summary>
    internal const int MaxResponseBytes = 64 * 1024;

    internal const string AuthorizePath = "admin/oauth/authorize";
    internal const string TokenPath = "admin/oauth/access_token";
    internal const int MinStateLength = 15;
    internal const int MaxStateLength = 256;

    private const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";
    private const string OfflineAccessTokenType = "urn:shopify:params:oauth:token-type:offline-access-token";
    private const string OnlineAccessTokenType = "urn:shopify:params:oauth:token-type:online-access-token";

    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");
    private static readonly SearchValues<char> AsciiAlphanumerics =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private readonly HttpClient _http;
    private readonly IOptionsMonitor<ShopifyAppOptions> _options;
    private readonly IShopifyEndpoints _endpoints;
    private readonly TimeProvider _time;
    private readonly ILogger<ShopifyOAuthClient> _logger;

    /// <summary>Creates a client. Dependency injection does this for you (<c>AddShopifyDualAuth</c>).</summary>
    /// <param name="httpClient">The HTTP client; the registered one retries transient failures and never follows redirects.</param>
    /// <param name="options">The app's credentials; the current values are read on every call.</param>
    /// <param name="endpoints">Where each shop's endpoints live.</param>
    /// <param name="timeProvider">The clock that turns relative lifetimes into absolute times.</param>
    /// <param name="logger">The logger; it never receives a secret, code or token.</param>
    public ShopifyOAuthClient(
        HttpClient httpClient,
        IOptionsMonitor<ShopifyAppOptions> options,
        IShopifyEndpoints endpoints,
        TimeProvider timeProvider,
        ILogger<ShopifyOAuthClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _http = httpClient;
        _options = options;
        _endpoints = endpoints;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Builds the URL that sends the merchant to Shopify's grant screen:
    /// <c>{shop}/admin/oauth/authorize?client_id=…&amp;scope=…&amp;redirect_uri=…&amp;state=…&amp;grant_options[]=…</c>.
    /// </summary>
    /// <param name="shop">The shop to authorize.</param>
    /// <param name="mode"><see cref="AccessMode.Online"/> asks for a per-user token (<c>grant_options[]=per-user</c>), <see cref="AccessMode.Offline"/> for the shop's token (<c>grant_options[]=</c>).</param>
    /// <param name="redirectUri">The callback; it must exactly match an allowed redirect URL of the app. Absolute https, or http to a loopback host; no fragment.</param>
    /// <param name="state">The per-request nonce the callback must echo: 15 to 256 ASCII letters and digits (other characters sign inconsistently in the callback HMAC).</param>
    /// <param name="scopes">The scopes to request; <see langword="null"/> or empty omits <c>scope</c>, as Shopify-managed installation requires.</param>
    /// <returns>The absolute authorize URL.</returns>
    /// <exception cref="ArgumentException"><paramref name="redirectUri"/> or <paramref name="state"/> is not acceptable.</exception>
    /// <exception cref="InvalidOperationException">The client ID is not configured, or <see cref="IShopifyEndpoints"/> returned an unusable address.</exception>
    public Uri BuildAuthorizeUrl(ShopDomain shop, AccessMode mode, Uri redirectUri, string state, ScopeSet? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentNullException.ThrowIfNull(state);
        if (mode is not (AccessMode.Offline or AccessMode.Online))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "The access mode must be Offline or Online.");
        }

        ValidateRedirectUri(redirectUri);
        ValidateState(state);
        var app = GetCredentials();

        var query = new StringBuilder(AuthorizePath)
            .Append("?client_id=").Append(Uri.EscapeDataString(app.ClientId));
        if (scopes is { Count: > 0 })
        {
            // Scope handles are [a-z0-9_] only, so the comma list needs no escaping.
            query.Append("&scope=").Append(scopes.ToString());
        }

        query.Append("&redirect_uri=").Append(Uri.EscapeDataString(redirectUri.AbsoluteUri))
            .Append("&state=").Append(state)
            .Append("&grant_options%5B%5D=").Append(mode == AccessMode.Online ? "per-user" : string.Empty);
        return new Uri(GetShopBaseAddress(shop), query.ToString());
    }

    /// <summary>
    /// Exchanges the authorization code from the OAuth callback for the one token it grants: the shop's
    /// offline token (expiring when <see cref="ShopifyAppOptions.ExpiringOfflineTokens"/> is on) or, for a
    /// per-user authorization, the user's online token.
    /// </summary>
    /// <param name="shop">The shop from the verified callback.</param>
    /// <param name="code">The <c>code</c> from the verified callback; single use.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token the code produced.</returns>
    /// <exception cref="ShopifyOAuthException">Shopify refused the code (<see cref="ShopifyOAuthErrorKind.CodeRejected"/>), the client, or did not answer usefully.</exception>
    public async Task<AuthorizationCodeGrant> ExchangeCodeAsync(ShopDomain shop, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var app = GetCredentials();

        // Sent on every code POST, as Shopify's Ruby library does: Shopify ignores it for per-user codes.
        var expiring = app.ExpiringOfflineTokens;
        var fields = new List<KeyValuePair<string, string>>(4)
        {
            new("client_id", app.ClientId),
            new("client_secret", app.ClientSecret),
            new("code", code),
        };
        if (expiring)
        {
            fields.Add(new("expiring", "1"));
        }

        const ShopifyOAuthOperation operation = ShopifyOAuthOperation.AuthorizationCode;
        var answer = await PostAsync(operation, shop, fields, [app.ClientSecret, code], cancellationToken).ConfigureAwait(false);
        return answer.Response.User is not null
            ? new AuthorizationCodeGrant(ToOnlineToken(answer, expectedUserId: null))
            : new AuthorizationCodeGrant(ToOfflineToken(answer, requireExpiring: expiring));
    }

    /// <summary>
    /// Exchanges a validated session token for the shop's offline token (expiring when
    /// <see cref="ShopifyAppOptions.ExpiringOfflineTokens"/> is on). The shop is the session token's
    /// <c>dest</c>; nothing else can choose it. Acquiring a new expiring token retires the shop's older
    /// refresh tokens.
    /// </summary>
    /// <param name="sessionToken">A session token that passed local validation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shop's offline token.</returns>
    /// <exception cref="ShopifyOAuthException">Shopify refused the session token (<see cref="ShopifyOAuthErrorKind.InvalidSubjectToken"/>), the client, or did not answer usefully.</exception>
    public async Task<OfflineToken> ExchangeSessionTokenForOfflineAsync(SessionToken sessionToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        var app = GetCredentials();
        var expiring = app.ExpiringOfflineTokens;
        var fields = TokenExchangeFields(app, sessionToken.RawToken, IdTokenType, OfflineAccessTokenType, expiring);

        const ShopifyOAuthOperation operation = ShopifyOAuthOperation.OfflineTokenExchange;
        var shop = sessionToken.Shop;
        var answer = await PostAsync(operation, shop, fields, [app.ClientSecret, sessionToken.RawToken], cancellationToken).ConfigureAwait(false);
        return ToOfflineToken(answer, requireExpiring: expiring);
    }

    /// <summary>
    /// Exchanges a validated session token for its user's online token. The shop is the session token's
    /// <c>dest</c>, and the answer must name the session token's user.
    /// </summary>
    /// <param name="sessionToken">A session token that passed local validation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's online token.</returns>
    /// <exception cref="ShopifyOAuthException">Shopify refused the session token (<see cref="ShopifyOAuthErrorKind.InvalidSubjectToken"/>), the client, or did not answer usefully.</exception>
    public async Task<OnlineToken> ExchangeSessionTokenForOnlineAsync(SessionToken sessionToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionToken);
        var app = GetCredentials();
        var fields = TokenExchangeFields(app, sessionToken.RawToken, IdTokenType, OnlineAccessTokenType, expiring: false);

        const ShopifyOAuthOperation operation = ShopifyOAuthOperation.OnlineTokenExchange;
        var shop = sessionToken.Shop;
        var answer = await PostAsync(operation, shop, fields, [app.ClientSecret, sessionToken.RawToken], cancellationToken).ConfigureAwait(false);
        return ToOnlineToken(answer, expectedUserId: sessionToken.UserId);
    }

    /// <summary>
    /// Refreshes an expiring offline token. Shopify answers with a new access token and a new refresh
    /// token: persist all of them in one atomic write. Transient failures are retried with the same
    /// refresh token, which Shopify keeps accepting until its replacement is used.
    /// </summary>
    /// <param name="shop">The shop whose token is refreshed.</param>
    /// <param name="refreshToken">The current refresh token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new expiring offline token.</returns>
    /// <exception cref="ShopifyOAuthException">The refresh chain is broken (<see cref="ShopifyOAuthErrorKind.RefreshTokenRejected"/>), the client was refused, or Shopify did not answer usefully.</exception>
    public async Task<OfflineToken> RefreshAsync(ShopDomain shop, string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        var app = GetCredentials();
        KeyValuePair<string, string>[] fields =
        [
            new("client_id", app.ClientId),
            new("client_secret", app.ClientSecret),
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
        ];

        const ShopifyOAuthOperation operation = ShopifyOAuthOperation.Refresh;
        var answer = await PostAsync(operation, shop, fields, [app.ClientSecret, refreshToken], cancellationToken).ConfigureAwait(false);
        return ToOfflineToken(answer, requireExpiring: true);
    }

    /// <summary>
    /// Exchanges a legacy non-expiring offline token for an expiring one, with no user present. The
    /// legacy token stops working for API calls; a lost answer can be recovered by calling again with
    /// the same legacy token (for up to 7 days).
    /// </summary>
    /// <param name="shop">The shop whose token is migrated.</param>
    /// <param name="legacyAccessToken">The non-expiring offline access token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new expiring offline token.</returns>
    /// <exception cref="ShopifyOAuthException">Shopify refused the legacy token (<see cref="ShopifyOAuthErrorKind.InvalidSubjectToken"/>), the client, or did not answer usefully.</exception>
    public async Task<OfflineToken> MigrateToExpiringAsync(ShopDomain shop, string legacyAccessToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentException.ThrowIfNullOrWhiteSpace(legacyAccessToken);
        var app = GetCredentials();
        var fields = TokenExchangeFields(app, legacyAccessToken, OfflineAccessTokenType, OfflineAccessTokenType, expiring: true);

        const ShopifyOAuthOperation operation = ShopifyOAuthOperation.Migration;
        var answer = await PostAsync(operation, shop, fields, [app.ClientSecret, legacyAccessToken], cancellationToken).ConfigureAwait(false);
        return ToOfflineToken(answer, requireExpiring: true);
    }

    /// <summary>
    /// Requests a token with the client credentials grant. Only for apps built by your organisation and
    /// installed on stores it owns; the token lives about 24 hours and is renewed by calling again.
    /// </summary>
    /// <param name="shop">The shop to get a token for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ShopifyOAuthException">Shopify refused the client (<see cref="ShopifyOAuthErrorKind.InvalidClient"/>) or did not answer usefully.</exception>
    public async Task<ClientCredentialsToken> RequestClientCredentialsAsync(ShopDomain shop, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var app = GetCredentials();
        KeyValuePair<string, string>[] fields =
        [
            new("grant_type", "client_credentials"),
            new("client_id", app.ClientId),
            new("client_secret", app.ClientSecret),
        ];

        const ShopifyOAuthOperation operation = ShopifyOAuthOperation.ClientCredentials;
        var answer = await PostAsync(operation, shop, fields, [app.ClientSecret], cancellationToken).ConfigureAwait(false);
        if (answer.Response.ExpiresIn is not { } expiresIn)
        {
            throw Unexpected(answer, "the client credentials answer has no expires_in");
        }

        return new ClientCredentialsToken(shop, answer.Response.AccessToken, answer.Response.Scopes, answer.SentAt.AddSeconds(expiresIn));
    }

    private static KeyValuePair<string, string>[] TokenExchangeFields(ShopifyAppOptions app, string subjectToken, string subjectTokenType, string requestedTokenType, bool expiring)
    {
        var fields = new KeyValuePair<string, string>[expiring ? 7 : 6];
        fields[0] = new("client_id", app.ClientId);
        fields[1] = new("client_secret", app.ClientSecret);
        fields[2] = new("grant_type", TokenExchangeGrant);
        fields[3] = new("subject_token", subjectToken);
        fields[4] = new("subject_token_type", subjectTokenType);
        fields[5] = new("requested_token_type", requestedTokenType);
        if (expiring)
        {
            fields[6] = new("expiring", "1");
        }

        return fields;
    }

    private static void ValidateRedirectUri(Uri redirectUri)
    {
        const string Rule = "The redirect URI must be an absolute https URL (http only to a loopback host) without user info or fragment, exactly as allowed in the app's configuration.";
        var acceptable = redirectUri.IsAbsoluteUri
            && (redirectUri.Scheme == Uri.UriSchemeHttps || (redirectUri.Scheme == Uri.UriSchemeHttp && redirectUri.IsLoopback))
            && redirectUri.UserInfo.Length == 0
            && redirectUri.Fragment.Length == 0;
        if (!acceptable)
        {
            throw new ArgumentException(Rule, nameof(redirectUri));
        }
    }

    private static void ValidateState(string state)
    {
        var acceptable = state.Length is >= MinStateLength and <= MaxStateLength && !state.AsSpan().ContainsAnyExcept(AsciiAlphanumerics);
        if (!acceptable)
        {
            // The value itself is not repeated: it is a CSRF nonce.
            throw new ArgumentException(
                $"The state must be {MinStateLength} to {MaxStateLength} ASCII letters and digits: other characters are signed inconsistently in the callback HMAC, and a shorter nonce is guessable.",
                nameof(state));
        }
    }

    private OfflineToken ToOfflineToken(TokenAnswer answer, bool requireExpiring)
    {
        var response = answer.Response;
        if (response.User is not null)
        {
            throw Unexpected(answer, "an offline token was requested but the answer is an online token (it has associated_user)");
        }

        var expiryFields = (response.ExpiresIn is null ? 0 : 1) + (response.RefreshToken is null ? 0 : 1) + (response.RefreshTokenExpiresIn is null ? 0 : 1);
        if (expiryFields == 0)
        {
            // A token stored without an expiry is never refreshed again: when one was asked for, its
            // absence is an error to report, not a token that lives forever.
            return requireExpiring
                ? throw Unexpected(answer, "an expiring offline token was requested but the answer has none of expires_in, refresh_token and refresh_token_expires_in (turn ShopifyAppOptions.ExpiringOfflineTokens off only for apps Shopify issues no expiring tokens to)")
                : new OfflineToken(answer.Shop, response.AccessToken, response.Scopes);
        }

        if (response.ExpiresIn is not { } expiresIn)
        {
            throw Unexpected(answer, "the expiring offline token answer has no expires_in");
        }

        if (response.RefreshToken is not { } refreshToken)
        {
            throw Unexpected(answer, "the expiring offline token answer has no refresh_token");
        }

        if (response.RefreshTokenExpiresIn is not { } refreshExpiresIn)
        {
            throw Unexpected(answer, "the expiring offline token answer has no refresh_token_expires_in");
        }

        return new OfflineToken(answer.Shop, response.AccessToken, response.Scopes, answer.SentAt.AddSeconds(expiresIn), refreshToken, answer.SentAt.AddSeconds(refreshExpiresIn));
    }

    private OnlineToken ToOnlineToken(TokenAnswer answer, long? expectedUserId)
    {
        var response = answer.Response;
        if (response.User is not { } user || response.UserScopes is not { } userScopes)
        {
            throw Unexpected(answer, "an online token was requested but the answer has no associated_user");
        }

        if (response.ExpiresIn is not { } expiresIn)
        {
            throw Unexpected(answer, "the online token answer has no expires_in");
        }

        if (expectedUserId is { } expected && user.Id != expected)
        {
            throw Unexpected(answer, "the online token belongs to another user than the session token");
        }

        return new OnlineToken(answer.Shop, response.AccessToken, response.Scopes, userScopes, answer.SentAt.AddSeconds(expiresIn), user);
    }

    private ShopifyOAuthException Unexpected(TokenAnswer answer, string detail)
        => Unexpected(answer.Operation, answer.Shop, detail, answer.StatusCode);

    private ShopifyOAuthException Unexpected(ShopifyOAuthOperation operation, ShopDomain shop, string detail, int statusCode)
        => Fail(new(ShopifyOAuthErrorKind.UnexpectedResponse, operation, shop, statusCode, error: null, errorDescription: null, retryAfter: null, detail, innerException: null));

    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var body = new MemoryStream();
            var chunk = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > MaxResponseBytes)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }

            return body.ToArray();
        }
    }

    private ShopifyAppOptions GetCredentials()
    {
        var app = _options.CurrentValue;
        if (string.IsNullOrWhiteSpace(app.ClientId) || string.IsNullOrWhiteSpace(app.ClientSecret))
        {
            throw new InvalidOperationException("ShopifyAppOptions.ClientId and ShopifyAppOptions.ClientSecret must be set before calling Shopify.");
        }

        return app;
    }

    private Uri GetShopBaseAddress(ShopDomain shop)
    {
        // The client secret is sent to this address: refuse anything but a plain https base (or http
        // to this machine, for the emulator) rather than build a URL from a surprising value.
        var address = _endpoints.GetShopBaseAddress(shop);
        var acceptable = address is { IsAbsoluteUri: true }
            && (address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && address.IsLoopback))
            && address.UserInfo.Length == 0
            && address.Query.Length == 0
            && address.Fragment.Length == 0
            && address.AbsolutePath.EndsWith('/');
        return acceptable
            ? address!
            : throw new InvalidOperationException(
                $"{_endpoints.GetType().Name} returned an unusable base address for {shop.Value}: it must be absolute https (http only to a loopback host), end in '/', and carry no user info, query or fragment.");
    }

    private async Task<TokenAnswer> PostAsync(
        ShopifyOAuthOperation operation,
        ShopDomain shop,
        IEnumerable<KeyValuePair<string, string>> fields,
        string[] sentSecrets,
        CancellationToken cancellationToken)
    {
        var endpoint = new Uri(GetShopBaseAddress(shop), TokenPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.Add(JsonMediaType);

        ShopifyOAuthLog.Sending(_logger, operation, shop.Value);

        // Taken before the first attempt: Shopify counts expires_in from when it answered, which is
        // later, so an expiry computed from here can only be early, never late.
        var sentAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        HttpResponseMessage? response = null;
        byte[]? body;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutRejectedException or OperationCanceledException)
        {
            // No usable answer after every attempt: connection failure, reset, or a timeout that was
            // not the caller's cancellation.
            response?.Dispose();
            throw Fail(new ShopifyOAuthException(ShopifyOAuthErrorKind.Transient, operation, shop, statusCode: null, error: null, errorDescription: null, retryAfter: null, detail: null, exception));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                if (body is null)
                {
                    throw Unexpected(operation, shop, $"the answer is larger than {MaxResponseBytes / 1024} KiB", status);
                }

                if (TokenResponseReader.TryRead(body, out var parsed) is { } problem)
                {
                    throw Unexpected(operation, shop, problem, status);
                }

                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;
                    ShopifyOAuthLog.Succeeded(_logger, operation, shop.Value, elapsed);
                }
                return new TokenAnswer(operation, shop, parsed!, sentAt, status);
            }

            var (error, description) = body is null ? default : TokenResponseReader.ReadError(body);
            error = OAuthErrorText.SanitizeError(error, sentSecrets);
            description = OAuthErrorText.SanitizeDescription(description, sentSecrets);
            var kind = OAuthErrorClassifier.Classify(operation, response.StatusCode, error);
            var retryAfter = kind == ShopifyOAuthErrorKind.Transient ? ShopifyOAuthResilience.GetRetryAfter(response, _time) : null;
            var detail = status is >= 300 and <= 399
                ? "the answer is a redirect, which is never followed because the request carries the client secret"
                : null;
            throw Fail(new ShopifyOAuthException(kind, operation, shop, status, error, description, retryAfter, detail, innerException: null));
        }
    }

    private ShopifyOAuthException Fail(ShopifyOAuthException exception)
    {
        ShopifyOAuthLog.Failed(_logger, exception.Operation, exception.Shop.Value, exception.Kind, exception.StatusCode, exception.Error);
        return exception;
    }

    /// <summary>A successful answer and what it answered: the operation, the shop, when it was sent.</summary>
    private readonly record struct TokenAnswer(ShopifyOAuthOperation Operation, ShopDomain Shop, TokenResponse Response, DateTimeOffset SentAt, int StatusCode);
}
