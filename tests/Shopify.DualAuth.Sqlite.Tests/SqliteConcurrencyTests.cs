using System.Globalization;
using System.Security.Cryptography;
using Shopify.DualAuth.Sqlite.CrashWorker;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite.Tests;

public sealed class SqliteConcurrencyTests : IDisposable
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("race.myshopify.com");
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Database => _directory.File("tokens.db");

    private string Keys => _directory.File("keys");

    [Fact]
    public async Task Two_stores_on_one_file_let_exactly_one_rotation_win_each_round()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var protector = WorkerTokens.Protector(Keys);
        using var first = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, protector);
        using var second = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, protector);
        var current = WorkerTokens.Create(Shop, key, "init", 0, DateTimeOffset.UtcNow);
        await first.SaveOfflineTokenAsync(current, Ct);

        for (var round = 0; round < 20; round++)
        {
            var replacements = Enumerable.Range(0, 32).Select(i => WorkerTokens.Create(Shop, key, string.Create(CultureInfo.InvariantCulture, $"r{round}x{i}"), 0, DateTimeOffset.UtcNow)).ToArray();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var from = current;
            var attempts = replacements.Select((replacement, i) => Task.Run(
                async () =>
                {
                    await start.Task;
                    return await (i % 2 == 0 ? first : second).TryRotateOfflineTokenAsync(from, replacement, Ct);
                },
                Ct)).ToArray();
            start.SetResult();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(Enumerable.Range(0, results.Length), i => results[i]);
            current = replacements[winner];
            Assert.Equal(current, await first.GetOfflineTokenAsync(Shop, Ct));
            Assert.Equal(current, await second.GetOfflineTokenAsync(Shop, Ct));
        }
    }

    [Fact]
    public async Task Processes_racing_rotations_win_exactly_once_from_each_token()
    {
        const int Workers = 3;
        const int Attempts = 200;
        var key = RandomNumberGenerator.GetBytes(32);
        var initial = WorkerTokens.Create(Shop, key, "init", 0, DateTimeOffset.UtcNow);
        using (var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, WorkerTokens.Protector(Keys)))
        {
            await store.SaveOfflineTokenAsync(initial, Ct);
        }

        var go = _directory.File("go");
        var workers = Enumerable.Range(0, Workers)
            .Select(i => WorkerProcess.Start("race", Database, Keys, Shop.Value, Convert.ToHexString(key), string.Create(CultureInfo.InvariantCulture, $"p{i}"), Attempts.ToString(CultureInfo.InvariantCulture), go))
            .ToArray();
        try
        {
            foreach (var worker in workers)
            {
                Assert.Equal("ready", await worker.ReadLineAsync(TimeSpan.FromSeconds(60), Ct));
            }

            await File.WriteAllTextAsync(go, "go", Ct);
            var wins = new List<(string From, string To)>();
            foreach (var worker in workers)
            {
                var (exitCode, lines) = await worker.WaitForExitAsync(TimeSpan.FromMinutes(3), Ct);
                Assert.True(exitCode == 0, $"worker exited with {exitCode}: {worker.Errors}");
                wins.AddRange(lines.Select(line => line.Split(' ')).Select(parts => (parts[1], parts[2])));
            }

            // Exactly one winner per predecessor, and the wins form one unbroken chain from the
            // initial token to the stored one.
            var next = wins.ToDictionary(w => w.From, w => w.To);
            Assert.Equal(wins.Count, next.Count);
            var at = OfflineTokenFingerprint.Compute(initial);
            for (var step = 0; step < wins.Count; step++)
            {
                Assert.True(next.TryGetValue(at, out at!), $"The chain of rotations breaks after {step} of {wins.Count} steps.");
            }

            using var reader = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, WorkerTokens.Protector(Keys));
            Assert.Equal(at, OfflineTokenFingerprint.Compute((await reader.GetOfflineTokenAsync(Shop, Ct))!));
            Assert.True(wins.Count < Workers * Attempts, "The workers never contended, so the test proved nothing; every attempt won.");
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    public void Dispose() => _directory.Dispose();
}
