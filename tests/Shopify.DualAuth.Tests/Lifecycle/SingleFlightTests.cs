using Shopify.DualAuth.Lifecycle;

namespace Shopify.DualAuth.Tests.Lifecycle;

public sealed class SingleFlightTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Callers_of_one_key_share_one_run_and_other_keys_run_apart()
    {
        var flights = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        Task<int> Work()
        {
            Interlocked.Increment(ref runs);
            return release.Task;
        }

        var joined = Enumerable.Range(0, 20).Select(_ => flights.RunAsync("a", Work, Ct)).ToArray();
        var other = flights.RunAsync("b", () => Task.FromResult(7), Ct);
        release.SetResult(42);

        Assert.All(await Task.WhenAll(joined), value => Assert.Equal(42, value));
        Assert.Equal(7, await other);
        Assert.Equal(1, runs);
        Assert.Equal(0, flights.Count);
    }

    [Fact]
    public async Task A_failure_reaches_the_waiting_callers_and_is_not_remembered()
    {
        var flights = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = flights.RunAsync("a", () => release.Task, Ct);
        var second = flights.RunAsync("a", () => Task.FromResult(1), Ct);
        release.SetException(new InvalidOperationException("boom"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal(5, await flights.RunAsync("a", () => Task.FromResult(5), Ct));
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_run_the_others_wait_for()
    {
        var flights = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();
        var leaving = flights.RunAsync("a", () => release.Task, impatient.Token);
        var staying = flights.RunAsync("a", () => Task.FromResult(0), Ct);

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        release.SetResult(3);

        Assert.Equal(3, await staying);
    }

    [Fact]
    public async Task A_synchronous_throw_is_reported_through_the_task()
    {
        var flights = new SingleFlight<string, int>();

        var run = flights.RunAsync("a", () => throw new FormatException(), Ct);

        await Assert.ThrowsAsync<FormatException>(() => run);
        Assert.Equal(0, flights.Count);
    }
}
