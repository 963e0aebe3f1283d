using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>
/// The client as an application gets it from <c>AddShopifyDualAuth</c> (typed HttpClient, resilience
/// pipeline, endpoints), with the network replaced by a <see cref="RecordingHandler"/>.
/// </summary>
internal sealed class OAuthHarness : IDisposable
{
    public const string ClientId = "0123456789abcdef0123456789abcdef";
    public const string ClientSecret = "shpss_0123456789abcdef0123456789abcdef";
    public const string Code = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    public const string RefreshToken = "shprt_refresh0123456789abcdef0123";
    public const string LegacyToken = "shpat_legacy0123456789abcdef01234";

    // Shaped like a real session token: {"alg":"HS256","typ":"JWT"}.{...}.signature
    public const string SessionJwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJkZXN0IjoiaHR0cHM6Ly9leGFtcGxlLXNob3AubXlzaG9waWZ5LmNvbSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    public const long UserId = 40620294219;

    public static readonly ShopDomain Shop = ParseShop("example-shop.myshopify.com");
    public static readonly DateTimeOffset Start = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private OAuthHarness(ServiceProvider services, RecordingHandler handler, TimeProvider time)
    {
        _services = services;
        Handler = handler;
        Time = time;
        Client = services.GetRequiredService<ShopifyOAuthClient>();
    }

    public RecordingHandler Handler { get; }

    public TimeProvider Time { get; }

    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    public ShopifyOAuthClient Client { get; }

    public IServiceProvider Services => _services;

    public static ShopDomain ParseShop(string value)
        => ShopDomain.TryParse(value, out var shop) ? shop : throw new ArgumentException("Not a shop domain.", nameof(value));

    public static SessionToken SessionToken(ShopDomain? shop = null)
        => new(SessionJwt, shop ?? Shop, UserId, "f7b1c2d3-session", "0a1b2c3d-jti", Start.AddMinutes(1));

    /// <summary>Builds the harness. Retries happen at once unless <paramref name="retry"/> says otherwise; the clock is fake unless one is given.</summary>
    public static OAuthHarness Create(
        Action<ShopifyAppOptions>? app = null,
        Action<ShopifyHttpRetryOptions>? retry = null,
        TimeProvider? time = null,
        IShopifyEndpoints? endpoints = null,
        ILoggerProvider? logs = null)
    {
        var handler = new RecordingHandler();
        time ??= new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddSingleton(time);
        if (logs is not null)
        {
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        }
        var builder = services.AddShopifyDualAuth(options =>
        {
            options.ClientId = ClientId;
            options.ClientSecret = ClientSecret;
            options.Scopes = "write_orders,read_customers";
            app?.Invoke(options);
        });
        builder.ConfigureHttpRetry(options =>
        {
            options.MaxRetryAttempts = 3;
            options.BaseDelay = TimeSpan.Zero;
            retry?.Invoke(options);
        });
        if (endpoints is not null)
        {
            builder.UseEndpoints(endpoints);
        }

        services.AddHttpClient(nameof(ShopifyOAuthClient)).ConfigurePrimaryHttpMessageHandler(() => handler);
        return new OAuthHarness(services.BuildServiceProvider(validateScopes: true), handler, time);
    }

    public void Dispose() => _services.Dispose();
}
