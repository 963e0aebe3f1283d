using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shopify.DualAuth.AspNetCore.Webhooks;
using Shopify.DualAuth.DependencyInjection;

// Extension methods for DI builders live in the DI namespace so they are found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the app's webhook handlers, per topic, for <c>MapShopifyWebhooks</c>.</summary>
public static class ShopifyWebhookBuilderExtensions
{
    /// <summary>
    /// Handles the topic's verified, first-seen deliveries with <paramref name="handler"/>. Several
    /// handlers of one topic run in registration order; for <c>app/uninstalled</c> and
    /// <c>app/scopes_update</c> they run after the library updated the stored tokens.
    /// </summary>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="topic">The topic as Shopify spells it, for example <c>orders/create</c> (see <see cref="ShopifyWebhookTopics"/>).</param>
    /// <param name="handler">Handles a delivery; answer quickly (Shopify waits about 5 seconds) and queue long work.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is not a topic name.</exception>
    public static ShopifyDualAuthBuilder AddWebhookHandler(this ShopifyDualAuthBuilder builder, string topic, Func<ShopifyWebhook, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(handler);
        ValidateTopic(topic);
        builder.Services.AddSingleton(new WebhookHandlerRegistration(topic, (_, webhook, cancellationToken) => handler(webhook, cancellationToken)));
        return builder;
    }

    /// <summary>
    /// Handles the topic's verified, first-seen deliveries with <typeparamref name="THandler"/>, resolved
    /// from each delivery's request services (registered as scoped unless the app registered it).
    /// </summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="builder">The builder from <c>AddShopifyDualAuth</c>.</param>
    /// <param name="topic">The topic as Shopify spells it, for example <c>orders/create</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is not a topic name.</exception>
    public static ShopifyDualAuthBuilder AddWebhookHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this ShopifyDualAuthBuilder builder, string topic)
        where THandler : class, IShopifyWebhookHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        ValidateTopic(topic);
        builder.Services.TryAddScoped<THandler>();
        builder.Services.AddSingleton(new WebhookHandlerRegistration(
            topic,
            static (services, webhook, cancellationToken) => services.GetRequiredService<THandler>().HandleAsync(webhook, cancellationToken)));
        return builder;
    }

    private static void ValidateTopic(string topic)
    {
        if (!WebhookHandlerRegistration.IsTopic(topic))
        {
            throw new ArgumentException("A webhook topic is lower-case letters, digits, '_' and '-' in '/'-separated parts, as Shopify spells it, for example 'orders/create'.", nameof(topic));
        }
    }
}
