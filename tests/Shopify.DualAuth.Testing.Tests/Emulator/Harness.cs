using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

/// <summary>
/// One emulator with one shop ("example": an owner with every scope and a staff member who may
/// only read products), a fake clock, and a plain HttpClient that does not follow redirects.
/// </summary>
public sealed class Harness : IAsyncDisposable
{
    public const string ClientId = "client-id-123";
    public const string ClientSecret = "emulator-secret";
    public const long OwnerId = 40620294219;
    public const long StaffId = 902541635;
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";
    public const string OfflineTokenType = "urn:shopify:params:oauth:token-type:offline-access-token";
    public const string OnlineTokenType = "urn:shopify:params:oauth:token-type:online-access-token";
    public const string InvalidApiKey = "[API] Invalid API key or access token (unrecognized login or wrong password)";

    public static readonly Uri Callback = new("https://app.example/auth/callback");
    public static readonly DateTimeOffset Start = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private Harness(EmulatorHost host, FakeTimeProvider time, ShopifyEmulator emulator, EmulatedShop shop, HttpClient client)
    {
        Host = host;
        Time = time;
        Emulator = emulator;
        Shop = shop;
        Client = client;
    }

    public EmulatorHost Host { get; }

    public FakeTimeProvider Time { get; }

    public ShopifyEmulator Emulator { get; }

    public EmulatedShop Shop { get; }

    public ShopDomain Domain => Shop.Domain;

    public HttpClient Client { get; }

    public Uri ShopBase => Emulator.Endpoints.GetShopBaseAddress(Domain);

    public static async Task<Harness> StartAsync(EmulatorHost host, Action<EmulatedShop>? configure = null)
    {
        var time = new FakeTimeProvider(Start);
        var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            TimeProvider = time,
            AllowedRedirectUris = { Callback },
        });
        var shop = emulator.AddShop("example", s =>
        {
            s.Installed = true;
            s.GrantedScopes = ScopeSet.Parse("write_products,read_orders");
            s.AddUser(new EmulatedUser { Id = OwnerId, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
            s.AddUser(new EmulatedUser { Id = StaffId, FirstName = "Sam", LastName = "Staff", Email = "sam@example.com", EmailVerified = false, Locale = "pt-BR", Collaborator = true, Scopes = ScopeSet.Parse("read_products") });
            configure?.Invoke(s);
        });
        HttpClient client;
        if (host == EmulatorHost.Kestrel)
        {
            await emulator.StartAsync(TestContext.Current.CancellationToken);
            client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        }
        else
        {
            client = emulator.CreateHttpClient();
        }

        return new Harness(host, time, emulator, shop, client);
    }

    public Uri ShopUri(string relative) => new(ShopBase, relative);

    public Task<HttpResponseMessage> PostTokenAsync(IEnumerable<KeyValuePair<string, object>> fields, BodyFormat format = BodyFormat.Form)
        => SendTokenRequestAsync(fields, format, TestContext.Current.CancellationToken);

    public Task<HttpResponseMessage> SendTokenRequestAsync(IEnumerable<KeyValuePair<string, object>> fields, BodyFormat format, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ShopUri("admin/oauth/access_token"))
        {
            Content = format == BodyFormat.Form
                ? new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture)!)))
                : new StringContent(JsonSerializer.Serialize(fields.ToDictionary(f => f.Key, f => f.Value)), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return Client.SendAsync(request, cancellationToken);
    }

    public static List<KeyValuePair<string, object>> Fields(params (string Key, object Value)[] extra)
    {
        var fields = new List<KeyValuePair<string, object>> { new("client_id", ClientId), new("client_secret", ClientSecret) };
        fields.AddRange(extra.Select(e => new KeyValuePair<string, object>(e.Key, e.Value)));
        return fields;
    }

    public Task<HttpResponseMessage> AuthorizeAsync(string query)
        => Client.GetAsync(ShopUri("admin/oauth/authorize?" + query), TestContext.Current.CancellationToken);

    public static string AuthorizeQuery(bool online = false, string? scope = null, string state = "nonce123", Uri? redirect = null, string clientId = ClientId)
    {
        var query = $"client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString((redirect ?? Callback).AbsoluteUri)}&state={Uri.EscapeDataString(state)}&grant_options[]={(online ? "per-user" : string.Empty)}";
        return scope is null ? query : query + "&scope=" + Uri.EscapeDataString(scope);
    }

    /// <summary>Runs authorize and returns the code from the redirect.</summary>
    public async Task<string> AuthorizeForCodeAsync(bool online = false, string? scope = null)
    {
        using var response = await AuthorizeAsync(AuthorizeQuery(online, scope));
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return Callbacks.Parse(response.Headers.Location!)["code"];
    }

    public async Task<JsonElement> CodeTokenAsync(bool online = false, bool expiring = false)
    {
        var code = await AuthorizeForCodeAsync(online);
        return await OkJsonAsync(await PostTokenAsync(Fields(("code", code), ("expiring", expiring ? "1" : "0"))));
    }

    public async Task<JsonElement> ExchangeAsync(bool online, bool expiring = true, long userId = OwnerId)
    {
        var fields = Fields(
            ("grant_type", TokenExchange),
            ("subject_token", Emulator.MintSessionToken(Domain, userId)),
            ("subject_token_type", IdTokenType),
            ("requested_token_type", online ? OnlineTokenType : OfflineTokenType));
        if (!online)
        {
            fields.Add(new("expiring", expiring ? "1" : "0"));
        }

        return await OkJsonAsync(await PostTokenAsync(fields));
    }

    public static List<KeyValuePair<string, object>> RefreshFields(string refreshToken)
        => Fields(("grant_type", "refresh_token"), ("refresh_token", refreshToken));

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) => PostTokenAsync(RefreshFields(refreshToken));

    public Task<HttpResponseMessage> GraphQLAsync(string? accessToken, string query = "{ shop { name myshopifyDomain } }", ShopDomain? shop = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Emulator.Endpoints.GetShopBaseAddress(shop ?? Domain), "admin/api/2026-07/graphql.json"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        if (accessToken is not null)
        {
            request.Headers.Add("X-Shopify-Access-Token", accessToken);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpStatusCode> GraphQLStatusAsync(string accessToken)
    {
        using var response = await GraphQLAsync(accessToken);
        return response.StatusCode;
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>Asserts an OAuth error answer: status, <c>error</c> and (when given) <c>error_description</c>.</summary>
    public static async Task AssertOAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, string? description = null)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(["error", "error_description"], json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
            if (description is not null)
            {
                Assert.Equal(description, json.RootElement.GetProperty("error_description").GetString());
            }
        }
    }

    public static string[] PropertyNames(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name)];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
