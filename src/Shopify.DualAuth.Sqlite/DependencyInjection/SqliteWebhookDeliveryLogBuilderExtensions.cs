using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shopify.DualAuth.DependencyInjection;
using Shopify.DualAuth.Sqlite;
using Shopify.DualAuth.Storage;

// Extension methods for DI builders live in the DI namespace so they are found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the SQLite webhook delivery log.</summary>
public static class SqliteWebhookDeliveryLogBuilderExtensions
{
    /// <summary>
    /// Records handled webhook deliveries in the SQLite token store's file
    /// (<see cref="SqliteWebhookDeliveryLog"/>), replacing any <see cref="IWebhookDeliveryLog"/>
    /// registered before, so every process on the machine handles a delivery once. Uses the file
    /// configured with <c>AddSqliteTokenStore</c>, or the default file.
    /// </summary>
    /// <param name="builder">The Shopify.DualAuth builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ShopifyDualAuthBuilder AddSqliteWebhookDeliveryLog(this ShopifyDualAuthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.RemoveAll<SqliteWebhookDeliveryLog>();
        services.AddSingleton(sp => new SqliteWebhookDeliveryLog(
            sp.GetRequiredService<IOptions<SqliteTokenStoreOptions>>().Value,
            sp.GetService<TimeProvider>()));
        services.RemoveAll<IWebhookDeliveryLog>();
        services.AddSingleton<IWebhookDeliveryLog>(sp => sp.GetRequiredService<SqliteWebhookDeliveryLog>());
        return builder;
    }
}
