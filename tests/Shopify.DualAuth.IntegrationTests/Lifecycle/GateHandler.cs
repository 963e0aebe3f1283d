namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>
/// Sits in front of the emulator's in-process handler: counts token requests and, while closed,
/// holds them, so a test can start many callers before the first call to Shopify can finish.
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

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _arrived);
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
