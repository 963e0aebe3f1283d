using System.Diagnostics;
using System.Threading.Channels;

namespace Shopify.DualAuth.Sqlite.Tests;

/// <summary>The crash worker as a child process, with its output lines as they arrive.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors = [];

    private WorkerProcess(Process process) => _process = process;

    public static WorkerProcess Start(params string[] arguments)
    {
        // The worker is built and copied beside the tests (a project reference); run it with the
        // same host that runs the tests.
        var workerPath = Path.Combine(AppContext.BaseDirectory, "Shopify.DualAuth.Sqlite.CrashWorker.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(workerPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                worker._lines.Writer.TryComplete();
            }
            else
            {
                worker._lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (worker._errors)
                {
                    worker._errors.Add(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join(Environment.NewLine, _errors);
            }
        }
    }

    /// <summary>Reads the next output line, failing with the worker's stderr when it ends first.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(limit.Token);
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync(cancellationToken);
            throw new InvalidOperationException($"The worker exited with code {_process.ExitCode} before printing the expected line: {Errors}");
        }
    }

    /// <summary>Every remaining output line, after the worker exits on its own.</summary>
    public async Task<(int ExitCode, List<string> Lines)> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var lines = new List<string>();
        await foreach (var line in _lines.Reader.ReadAllAsync(limit.Token))
        {
            lines.Add(line);
        }

        await _process.WaitForExitAsync(limit.Token);
        return (_process.ExitCode, lines);
    }

    /// <summary>Kills the worker with SIGKILL (on Linux) wherever it is, and waits until it is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
