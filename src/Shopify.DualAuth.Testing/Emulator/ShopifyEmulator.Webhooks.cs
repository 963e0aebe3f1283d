using Shopify.DualAuth.Testing.Emulator.Webhooks;

namespace Shopify.DualAuth.Testing.Emulator;

public sealed partial class ShopifyEmulator
{
    /// <summary>Builds a webhook delivery, signed and with every Shopify header, for a client of the test's choosing.</summary>
    /// <param name="address">The app's webhook URL.</param>
    /// <param name="message">The delivery.</param>
    /// <returns>The request; the caller sends and disposes it.</returns>
    public HttpRequestMessage CreateWebhookRequest(Uri address, WebhookMessage message)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(message);
        return WebhookRequests.Create(address, message, _state, _options.WebhookApiVersion);
    }

    /// <summary>
    /// Delivers a webhook to the app, through <see cref="ShopifyEmulatorOptions.WebhookHandler"/> when
    /// set, once (Shopify's retries are the test's to model, reusing <see cref="WebhookMessage.WebhookId"/>).
    /// </summary>
    /// <param name="address">The app's webhook URL.</param>
    /// <param name="message">The delivery.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>The app's answer and the headers sent.</returns>
    public async Task<WebhookDelivery> SendWebhookAsync(Uri address, WebhookMessage message, CancellationToken cancellationToken = default)
    {
        using var request = CreateWebhookRequest(address, message);
        var webhookId = request.Headers.GetValues("X-Shopify-Webhook-Id").Single();
        var eventId = request.Headers.GetValues("X-Shopify-Event-Id").Single();
        var signature = request.Headers.GetValues("X-Shopify-Hmac-Sha256").Single();
        using var response = await WebhookClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        return new WebhookDelivery(response.StatusCode, webhookId, eventId, signature);
    }

    /// <summary>
    /// Uninstalls the app (<see cref="UninstallApp(ShopDomain)"/>), then delivers <c>app/uninstalled</c>
    /// with the shop object as its body.
    /// </summary>
    /// <param name="shop">The shop.</param>
    /// <param name="webhookAddress">The app's webhook URL.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>The app's answer to the webhook.</returns>
    public Task<WebhookDelivery> UninstallAppAsync(ShopDomain shop, Uri webhookAddress, CancellationToken cancellationToken = default)
    {
        var emulated = GetShop(shop);
        UninstallApp(shop);
        var owner = emulated.Users.FirstOrDefault(u => u.AccountOwner) ?? emulated.Users[0];
        var body = ShopPayload.Write(emulated.Id, emulated.Name, owner.Email, shop);
        return SendWebhookAsync(webhookAddress, new WebhookMessage { Topic = "app/uninstalled", Shop = shop, Body = body }, cancellationToken);
    }

    private HttpClient WebhookClient()
    {
        lock (_hostGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _webhookClient ??= _options.WebhookHandler is { } handler
                ? new HttpClient(handler, disposeHandler: false) { Timeout = _options.WebhookTimeout }
                : new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }, disposeHandler: true) { Timeout = _options.WebhookTimeout };
        }
    }
}
