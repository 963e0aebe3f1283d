using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.PostgreSql;
using Shopify.DualAuth.PostgreSql.Internal;
using Shopify.DualAuth.Storage;

// Found without a using, next to AddShopifyDualAuth.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the PostgreSQL webhook delivery log.</summary>
public static class PostgreSqlWebhookDeliveryLogBuilderExtensions
{
    /// <summary>
    /// Records handled webhook deliveries in PostgreSQL (<see cref="PostgreSqlWebhookDeliveryLog"/>),
    /// replacing any <see cref="IWebhookDeliveryLog"/> registered before, so every instance of the app
    /// handles a delivery once. Uses the connection string and schema of <c>AddPostgreSqlTokenStore</c>'s
    /// options, else the registered <c>NpgsqlDataSource</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddPostgreSqlWebhookDeliveryLog(this ShopifyDualAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<PostgreSqlDataSources>();
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<PostgreSqlWebhookDeliveryLog>();
        services.AddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<PostgreSqlTokenStoreOptions>>().Value;
            return new PostgreSqlWebhookDeliveryLog(
                provider.GetRequiredService<PostgreSqlDataSources>().Get(options.ConnectionString),
                options,
                provider.GetRequiredService<TimeProvider>());
        });
        services.RemoveAll<IWebhookDeliveryLog>();
        services.AddSingleton<IWebhookDeliveryLog>(static provider => provider.GetRequiredService<PostgreSqlWebhookDeliveryLog>());
        return builder;
    }
}
