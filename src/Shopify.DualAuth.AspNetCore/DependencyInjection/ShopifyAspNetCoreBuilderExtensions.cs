using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.AspNetCore;
using Shopify.DualAuth.AspNetCore.Authentication;
using Shopify.DualAuth.AspNetCore.Endpoints;
using Shopify.DualAuth.AspNetCore.Webhooks;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Storage;

// Extension methods for DI builders live in the DI namespace so they are found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Registers the ASP.NET Core integration: the <c>ShopifySessionToken</c> and <c>ShopifyUser</c>
/// authentication schemes, the flow and webhook endpoints, and the services behind them.
/// </summary>
/// <remarks>
/// The OAuth state cookie and the sign-in cookie are protected with ASP.NET Core Data Protection: on
/// several instances, share its key ring (<c>services.AddDataProtection().PersistKeysTo…()</c> with one
/// application name), or a callback reaching another instance than the install fails. Webhook
/// deliveries are deduplicated in memory unless a shared log is registered
/// (<c>AddSqliteWebhookDeliveryLog</c>, <c>AddRedisWebhookDeliveryLog</c>, <c>AddPostgreSqlWebhookDeliveryLog</c>).
/// </remarks>
public static class ShopifyAspNetCoreBuilderExtensions
{
    /// <summary>
    /// Adds the ASP.NET Core integration with <see cref="ShopifyAspNetCoreOptions"/> bound from
    /// <paramref name="configuration"/> (usually the same <c>Shopify</c> section as the app options) and
    /// validated when the host starts. Map the endpoints with <c>app.MapShopifyDualAuth()</c> and
    /// <c>app.MapShopifyWebhooks("/webhooks")</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="configuration">The configuration section holding the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddAspNetCore(this ShopifyDualAuthBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration is IConfigurationSection section ? section.Path : string.Empty;
        builder.Services.AddOptions<ShopifyAspNetCoreOptions>().Bind(configuration);
        return AddCore(builder, path);
    }

    /// <summary>
    /// Adds the ASP.NET Core integration with <see cref="ShopifyAspNetCoreOptions"/> set in code and
    /// validated when the host starts. Map the endpoints with <c>app.MapShopifyDualAuth()</c> and
    /// <c>app.MapShopifyWebhooks("/webhooks")</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddAspNetCore(this ShopifyDualAuthBuilder builder, Action<ShopifyAspNetCoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ShopifyAspNetCoreOptions>().Configure(configure);
        return AddCore(builder, Shopify.DualAuth.ShopifyAppOptions.SectionName);
    }

    /// <summary>
    /// Adds the ASP.NET Core integration with the default <see cref="ShopifyAspNetCoreOptions"/>: an
    /// embedded app whose public address is the request's, endpoints at their default paths.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddAspNetCore(this ShopifyDualAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddCore(builder, Shopify.DualAuth.ShopifyAppOptions.SectionName);
    }

    private static ShopifyDualAuthBuilder AddCore(ShopifyDualAuthBuilder builder, string sectionPath)
    {
        var services = builder.Services;
        services.AddOptions<ShopifyAspNetCoreOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShopifyAspNetCoreOptions>>(new ShopifyAspNetCoreOptionsValidator(sectionPath)));
        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection();
        services.TryAddSingleton<IWebhookDeliveryLog>(static sp => new InMemoryWebhookDeliveryLog(sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<OAuthStateCookie>();
        services.TryAddSingleton<InstallEndpoint>();
        services.TryAddSingleton<CallbackEndpoint>();
        services.TryAddSingleton<SessionTokenBounceEndpoint>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddSingleton<WebhookEndpoint>();
        services.TryAddSingleton<EmbeddedInstaller>();
        services.TryAddSingleton<ShopifyUserCookieEvents>();
        AddAuthentication(services);
        return builder;
    }

    // Both schemes: the session token for embedded apps, the sign-in cookie for the code grant. The
    // one matching ShopifyAspNetCoreOptions.Embedded becomes the default unless the app chose one.
    private static void AddAuthentication(IServiceCollection services)
    {
        services.AddAuthorization();
        if (services.Any(static d => d.ServiceType == typeof(ShopifySessionTokenHandler)))
        {
            return;
        }

        services.AddAuthentication()
            .AddScheme<ShopifySessionTokenOptions, ShopifySessionTokenHandler>(ShopifySessionTokenDefaults.AuthenticationScheme, "Shopify session token", configureOptions: null)
            .AddCookie(ShopifyUserDefaults.AuthenticationScheme, "Shopify user", static cookie =>
            {
                cookie.Cookie.Name = ShopifyUserDefaults.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.EventsType = typeof(ShopifyUserCookieEvents);
            });
        services.AddOptions<CookieAuthenticationOptions>(ShopifyUserDefaults.AuthenticationScheme)
            .Configure<IOptions<ShopifyAspNetCoreOptions>>(static (cookie, app) => cookie.LoginPath = app.Value.InstallPath);
        services.AddOptions<AuthenticationOptions>()
            .PostConfigure<IOptions<ShopifyAspNetCoreOptions>>(static (authentication, app) =>
            {
                if (authentication.DefaultScheme is null && authentication.DefaultAuthenticateScheme is null && authentication.DefaultChallengeScheme is null)
                {
                    authentication.DefaultScheme = app.Value.Embedded ? ShopifySessionTokenDefaults.AuthenticationScheme : ShopifyUserDefaults.AuthenticationScheme;
                }
            });
    }
}
