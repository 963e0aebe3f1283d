using System.Collections.Concurrent;

namespace OfflineAtInstall;

/// <summary>What the webhook handlers did, newest first, for the webhooks page.</summary>
public sealed class WebhookLog
{
    private readonly ConcurrentQueue<WebhookLogEntry> _entries = new();

    public IReadOnlyList<WebhookLogEntry> Entries => _entries.Reverse().ToList();

    public void Add(WebhookLogEntry entry) => _entries.Enqueue(entry);
}

/// <summary>One handled delivery.</summary>
public sealed record WebhookLogEntry(DateTimeOffset At, string Topic, string Shop, string Result);
