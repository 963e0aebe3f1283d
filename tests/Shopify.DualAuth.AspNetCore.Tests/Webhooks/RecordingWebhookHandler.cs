using System.Collections.Concurrent;
using Shopify.DualAuth.AspNetCore.Webhooks;

namespace Shopify.DualAuth.AspNetCore.Tests.Webhooks;

/// <summary>Records what handlers saw, and can be told to fail the next deliveries.</summary>
internal sealed class WebhookRecorder
{
    private int _failuresLeft;

    public ConcurrentQueue<ShopifyWebhook> Seen { get; } = new();

    public void FailNext(int count) => _failuresLeft = count;

    public Task HandleAsync(ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("The handler failed.");
        }

        Seen.Enqueue(webhook);
        return Task.CompletedTask;
    }
}

/// <summary>A typed handler: one instance per delivery scope.</summary>
internal sealed class ScopedOrderHandler(WebhookRecorder recorder, ScopedCounter counter) : IShopifyWebhookHandler
{
    public Task HandleAsync(ShopifyWebhook webhook, CancellationToken cancellationToken)
    {
        counter.Increment();
        return recorder.HandleAsync(webhook, cancellationToken);
    }
}

internal sealed class ScopedCounter
{
    private static int _instances;

    public ScopedCounter() => Interlocked.Increment(ref _instances);

    public static int Instances => Volatile.Read(ref _instances);

    public int Calls { get; private set; }

    public void Increment() => Calls++;
}
