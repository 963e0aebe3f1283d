using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>One request as it left the client: everything a snapshot or an assertion needs.</summary>
internal sealed record RecordedRequest(string Method, Uri Uri, string Accept, string ContentType, string Body)
{
    /// <summary>The form fields in the order they were sent, decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; } = ParseForm(Body);

    public string? Field(string name) => Fields.Where(f => f.Key == name).Select(f => f.Value).SingleOrDefault();

    private static List<KeyValuePair<string, string>> ParseForm(string body)
        => body.Length == 0
            ? []
            : body.Split('&').Select(pair =>
            {
                var parts = pair.Split('=', 2);
                return new KeyValuePair<string, string>(Decode(parts[0]), Decode(parts.Length > 1 ? parts[1] : string.Empty));
            }).ToList();

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}

/// <summary>
/// The network, played by the test: records every request that reaches it and answers from a script
/// (one answer per request, in order), or with a fixed answer once the script is used up.
/// </summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _always;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public RecordingHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public RecordingHandler Then(HttpStatusCode status, string json, Action<HttpResponseMessage>? configure = null)
        => Then((_, _) => Task.FromResult(Json(status, json, configure)));

    public RecordingHandler Then(int status, string json, Action<HttpResponseMessage>? configure = null)
        => Then((HttpStatusCode)status, json, configure);

    public RecordingHandler Always(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        _always = answer;
        return this;
    }

    public RecordingHandler Always(int status, string json, Action<HttpResponseMessage>? configure = null)
        => Always((_, _) => Task.FromResult(Json((HttpStatusCode)status, json, configure)));

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_requests)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        configure?.Invoke(response);
        return response;
    }

    /// <summary>The connection drops before any answer: what a reset or a refused connection looks like to HttpClient.</summary>
    public static Task<HttpResponseMessage> Reset(HttpRequestMessage _, CancellationToken cancellationToken)
        => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection reset by peer", new IOException("Connection reset by peer"));

    /// <summary>The server never answers; only a timeout or the caller's cancellation ends the wait.</summary>
    public static async Task<HttpResponseMessage> Hang(HttpRequestMessage _, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method.Method,
            request.RequestUri!,
            request.Headers.Accept.ToString(),
            request.Content?.Headers.ContentType?.ToString() ?? string.Empty,
            body);
        lock (_requests)
        {
            _requests.Add(recorded);
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        var answer = _script.TryDequeue(out var next) ? next : _always
            ?? throw new InvalidOperationException($"Request {_requests.Count} was not expected by the test: {request.Method} {request.RequestUri}");
        return await answer(request, cancellationToken);
    }
}
