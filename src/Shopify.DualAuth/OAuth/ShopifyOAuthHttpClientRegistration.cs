using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.OAuth;

/// <summary>Registers <see cref="ShopifyOAuthClient"/> as a typed HTTP client with its resilience pipeline.</summary>
internal static class ShopifyOAuthHttpClientRegistration
{
    /// <summary>The HTTP client's name: tests configure its primary handler through it.</summary>
    public const string HttpClientName = nameof(ShopifyOAuthClient);

    public static void Register(IServiceCollection services)
    {
        services.TryAddSingleton<IShopifyEndpoints>(ShopifyEndpoints.Instance);
        services.AddOptions<ShopifyHttpRetryOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShopifyHttpRetryOptions>, ShopifyHttpRetryOptionsValidator>());

        // Registering the typed client twice would add a second resilience handler to it.
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ShopifyOAuthClient)))
        {
            return;
        }

        var http = services.AddHttpClient<ShopifyOAuthClient>(HttpClientName, static client =>
            {
                // The pipeline's total and per-attempt timeouts govern; HttpClient's own 100 s would
                // surface as a cancellation instead.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // A redirect would resend the client secret to wherever it points.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = TimeSpan.FromSeconds(10),

                // Safe even when a long-lived service keeps the typed client: DNS changes are seen.
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });

        // Handlers added later sit closer to the network: buffering runs inside each attempt.
        http.AddResilienceHandler(ShopifyOAuthResilience.PipelineName, ShopifyOAuthResilience.Configure);
        http.AddHttpMessageHandler(static () => new ResponseBufferingHandler());
    }
}
