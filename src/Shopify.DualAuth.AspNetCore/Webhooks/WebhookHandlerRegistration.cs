namespace Shopify.DualAuth.AspNetCore.Webhooks;

/// <summary>One handler of one topic, as <c>AddWebhookHandler</c> registered it.</summary>
internal sealed class WebhookHandlerRegistration(string topic, Func<IServiceProvider, ShopifyWebhook, CancellationToken, Task> invoke)
{
    public string Topic { get; } = topic;

    public Func<IServiceProvider, ShopifyWebhook, CancellationToken, Task> Invoke { get; } = invoke;

    /// <summary>
    /// A topic is lower-case letters, digits and <c>_</c> in two or more <c>/</c>-separated parts,
    /// as Shopify spells them (<c>orders/create</c>, <c>customers/data_request</c>).
    /// </summary>
    public static bool IsTopic(string? topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Length > 100 || topic[0] == '/' || topic[^1] == '/' || !topic.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < topic.Length; i++)
        {
            var c = topic[i];
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' || (c == '/' && topic[i - 1] != '/')))
            {
                return false;
            }
        }

        return true;
    }
}
