namespace Shopify.DualAuth.Storage;

/// <summary>
/// A webhook delivery log in process memory: the default, right for one instance; a fleet needs
/// a shared one (SQLite on one machine, Redis or PostgreSQL), or each instance may handle a
/// delivery once. Records are lost on restart.
/// </summary>
/// <remarks>Expired records are pruned as new ones are added, at most once a minute.</remarks>
public sealed class InMemoryWebhookDeliveryLog : IWebhookDeliveryLog
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<(ShopDomain Shop, string WebhookId), DateTimeOffset> _records = [];
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset _nextPrune;

    /// <summary>Creates an empty log on the system clock.</summary>
    public InMemoryWebhookDeliveryLog()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty log.</summary>
    /// <param name="timeProvider">The clock that decides when records expire.</param>
    public InMemoryWebhookDeliveryLog(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _nextPrune = timeProvider.GetUtcNow() + PruneInterval;
    }

    /// <summary>How many records are held, expired ones not yet pruned included.</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryRecordAsync(ShopDomain shop, string webhookId, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        WebhookDeliveryLogArguments.ValidateRecord(shop, webhookId, timeToLive);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (now >= _nextPrune)
            {
                Prune(now);
            }

            if (_records.TryGetValue((shop, webhookId), out var expiresAt) && expiresAt > now)
            {
                return ValueTask.FromResult(false);
            }

            _records[(shop, webhookId)] = now + timeToLive;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask ForgetAsync(ShopDomain shop, string webhookId, CancellationToken cancellationToken = default)
    {
        WebhookDeliveryLogArguments.ValidateKey(shop, webhookId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _records.Remove((shop, webhookId));
        }

        return ValueTask.CompletedTask;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, expiresAt) in _records)
        {
            if (expiresAt <= now)
            {
                _records.Remove(key);
            }
        }

        _nextPrune = now + PruneInterval;
    }
}
