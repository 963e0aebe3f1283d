using System.Collections.Concurrent;

namespace Shopify.DualAuth.Lifecycle;

/// <summary>
/// Runs at most one operation per key at a time: callers arriving while it runs wait for its result
/// instead of starting their own. The entry is removed before the result is published, so a failure
/// is seen only by the callers that waited for it and the next call starts afresh.
/// </summary>
/// <remarks>
/// The operation runs without any caller's cancellation token: one caller giving up must not cancel
/// work, such as a refresh Shopify has already applied, that the others are waiting for. Each caller
/// stops waiting on its own token.
/// </remarks>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TValue>> _flights;

    public SingleFlight(IEqualityComparer<TKey>? comparer = null) => _flights = new(comparer);

    /// <summary>How many operations are running.</summary>
    public int Count => _flights.Count;

    /// <summary>Joins the operation running for <paramref name="key"/>, or starts <paramref name="operation"/>.</summary>
    public Task<TValue> RunAsync(TKey key, Func<Task<TValue>> operation, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out var running))
            {
                return running.WaitAsync(cancellationToken);
            }

            var flight = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_flights.TryAdd(key, flight.Task))
            {
                _ = FlyAsync(key, flight, operation);
                return flight.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task FlyAsync(TKey key, TaskCompletionSource<TValue> flight, Func<Task<TValue>> operation)
    {
        TValue result;
        try
        {
            result = await operation().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _flights.TryRemove(new KeyValuePair<TKey, Task<TValue>>(key, flight.Task));
            flight.SetException(error);
            return;
        }

        _flights.TryRemove(new KeyValuePair<TKey, Task<TValue>>(key, flight.Task));
        flight.SetResult(result);
    }
}
