using System.Text.Json;
using Microsoft.Extensions.Logging;
using Shopify.DualAuth.AspNetCore.Internal;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.AspNetCore.Webhooks;

/// <summary>
/// Runs what a verified, first-seen delivery calls for: the library's own handling of
/// <c>app/uninstalled</c> and <c>app/scopes_update</c>, then the app's handlers of the topic in
/// registration order. A topic without handlers is acknowledged.
/// </summary>
internal sealed class WebhookDispatcher
{
    private readonly Dictionary<string, WebhookHandlerRegistration[]> _handlers;
    private readonly IShopifyTokens _tokens;
    private readonly IShopifyTokenStore _store;
    private readonly ILogger<WebhookDispatcher> _logger;

    public WebhookDispatcher(IEnumerable<WebhookHandlerRegistration> registrations, IShopifyTokens tokens, IShopifyTokenStore store, ILogger<WebhookDispatcher> logger)
    {
        _handlers = registrations
            .GroupBy(r => r.Topic, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _tokens = tokens;
        _store = store;
        _logger = logger;
    }

    public async Task DispatchAsync(ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        switch (webhook.Topic)
        {
            case ShopifyWebhookTopics.AppUninstalled:
                await _tokens.UninstallAsync(webhook.Shop, cancellationToken).ConfigureAwait(false);
                _logger.ShopUninstalled(webhook.Shop);
                break;
            case ShopifyWebhookTopics.AppScopesUpdate:
                await UpdateScopesAsync(webhook, cancellationToken).ConfigureAwait(false);
                break;
        }

        if (_handlers.TryGetValue(webhook.Topic, out var handlers))
        {
            foreach (var handler in handlers)
            {
                await handler.Invoke(webhook.HttpContext.RequestServices, webhook, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task UpdateScopesAsync(ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        if (!TryReadCurrentScopes(webhook.Body, out var scopes))
        {
            // Signed by Shopify yet unreadable: retrying would not make it readable, so the app's
            // handlers still run and the delivery is acknowledged.
            _logger.ScopesUpdateUnreadable(webhook.Shop);
            return;
        }

        var updated = await _store.UpdateScopesAsync(webhook.Shop, scopes, cancellationToken).ConfigureAwait(false);
        _logger.ScopesUpdated(webhook.Shop, scopes, updated);
    }

    // The body's "current" array: {"id":1,"shop_id":"gid://…","previous":[…],"current":["read_products",…],…}.
    private static bool TryReadCurrentScopes(ReadOnlyMemory<byte> body, out ScopeSet scopes)
    {
        scopes = ScopeSet.Empty;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("current", out var current)
                || current.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var handles = new List<string>(current.GetArrayLength());
            foreach (var item in current.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !ScopeSet.TryParse(item.GetString(), out var one) || one.Count != 1)
                {
                    return false;
                }

                handles.Add(one.Single());
            }

            scopes = ScopeSet.From(handles);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
