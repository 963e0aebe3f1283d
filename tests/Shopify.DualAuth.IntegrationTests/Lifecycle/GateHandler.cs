using System.Collections.Concurrent;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>
/// Sits in front of the emulator's in-process handler: counts token requests and, while closed,
/// holds them, so a test can start many callers before the first call to Shopify can finish. It
/// also records the refresh tokens and subject tokens sent, to check what a retry repeated.
/// </summary>
internal sealed class GateHandler : DelegatingHandler
{
    private TaskCompletionSource _open = NewOpen();
    private int _arrived;

    public GateHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public int Arrived => Volatile.Read(ref _arrived);

    public ConcurrentQueue<string> SentRefreshTokens { get; } = new();

    public ConcurrentQueue<string> SentSubjectTokens { get; } = new();

    /// <summary>Holds the next requests until <see cref="Open"/>; <see cref="Arrived"/> counts from here.</summary>
    public void Close()
    {
        Volatile.Write(ref _arrived, 0);
        _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open() => _open.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _arrived);
        if (request.Content is not null)
        {
            var form = await request.Content.ReadAsStringAsync(cancellationToken);
            foreach (var pair in form.Split('&'))
            {
                var parts = pair.Split('=', 2);
                var value = parts.Length == 2 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
                if (parts[0] == "refresh_token")
                {
                    SentRefreshTokens.Enqueue(value);
                }
                else if (parts[0] == "subject_token")
                {
                    SentSubjectTokens.Enqueue(value);
                }
            }
        }

        await _open.Task.WaitAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    private static TaskCompletionSource NewOpen()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
