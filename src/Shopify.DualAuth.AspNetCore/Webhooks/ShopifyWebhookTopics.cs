namespace Shopify.DualAuth.AspNetCore.Webhooks;

/// <summary>The topics the webhook endpoint knows by name.</summary>
public static class ShopifyWebhookTopics
{
    /// <summary>The app was uninstalled: the shop's tokens are deleted before the app's handlers run.</summary>
    public const string AppUninstalled = "app/uninstalled";

    /// <summary>The shop's granted scopes changed: the stored scopes are updated from the body's <c>current</c> before the app's handlers run.</summary>
    public const string AppScopesUpdate = "app/scopes_update";

    /// <summary>Compliance: a customer asked for their data. Acknowledged when the app registers no handler.</summary>
    public const string CustomersDataRequest = "customers/data_request";

    /// <summary>Compliance: erase a customer's data. Acknowledged when the app registers no handler.</summary>
    public const string CustomersRedact = "customers/redact";

    /// <summary>Compliance: erase a shop's data, 48 hours after uninstall. Acknowledged when the app registers no handler.</summary>
    public const string ShopRedact = "shop/redact";
}
