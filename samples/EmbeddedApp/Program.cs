namespace EmbeddedApp;

/// <summary><c>dotnet run</c> serves the sample; <c>dotnet run -- --walkthrough</c> runs its whole flow headlessly and exits.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await using var sample = await SampleApp.StartAsync(args);
        if (args.Contains("--walkthrough"))
        {
            return await sample.RunWalkthroughAsync(Console.Out);
        }

        Console.WriteLine($"EmbeddedApp is listening on {sample.BaseAddress} ({sample.Mode}). Press Ctrl+C to stop.");
        await sample.App.WaitForShutdownAsync();
        return 0;
    }
}
