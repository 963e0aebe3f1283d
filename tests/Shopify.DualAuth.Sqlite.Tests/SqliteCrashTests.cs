using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Shopify.DualAuth.Sqlite.CrashWorker;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite.Tests;

public sealed class SqliteCrashTests : IDisposable
{
    private const int Kills = 6;
    private static readonly ShopDomain Shop = ShopDomain.Parse("crash.myshopify.com");
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Database => _directory.File("tokens.db");

    private string Keys => _directory.File("keys");

    [Fact]
    public async Task Killing_a_process_mid_rotation_leaves_one_whole_token_and_loses_no_committed_rotation()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using (var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, WorkerTokens.Protector(Keys)))
        {
            await store.SaveOfflineTokenAsync(WorkerTokens.Create(Shop, key, "init", 0, DateTimeOffset.UtcNow), Ct);
        }

        long lastCommitted = -1;
        for (var run = 0; run < Kills; run++)
        {
            using var worker = WorkerProcess.Start("rotate", Database, Keys, Shop.Value, Convert.ToHexString(key), Tag(run));

            // Each run must first read and rotate the token the previous kill left behind.
            var rotations = Random.Shared.Next(5, 40);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var line = string.Empty;
            for (var i = 0; i < rotations; i++)
            {
                line = await worker.ReadLineAsync(TimeSpan.FromSeconds(60), Ct);
                Assert.StartsWith("rotated ", line, StringComparison.Ordinal);
                if (i == 0)
                {
                    clock.Restart();
                }
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"run {run}: {(rotations - 1) / clock.Elapsed.TotalMilliseconds:F2} rotations/ms before the kill");

            // Rotation is mostly fsync and commit, so a kill at a random moment lands inside one.
            await Task.Delay(Random.Shared.Next(0, 25), Ct);
            await worker.KillAsync(Ct);
            var (_, rest) = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30), Ct);
            lastCommitted = long.Parse((rest.Count > 0 ? rest[^1] : line)["rotated ".Length..], CultureInfo.InvariantCulture);
        }

        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM shopify_offline_tokens"));
        using var reader = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = Database }, WorkerTokens.Protector(Keys));
        var stored = await reader.GetOfflineTokenAsync(Shop, Ct);
        Assert.NotNull(stored);
        Assert.True(WorkerTokens.IsGenuine(stored, key), "The stored token is not one a worker minted whole.");
        Assert.Equal(OfflineTokenFingerprint.Compute(stored), Scalar("SELECT fingerprint FROM shopify_offline_tokens"));
        var parts = stored.AccessToken["shpat_".Length..].Split('.');
        Assert.Equal(Tag(Kills - 1), parts[0]);
        Assert.True(long.Parse(parts[1], CultureInfo.InvariantCulture) >= lastCommitted, "A rotation the worker saw committed was lost.");
    }

    public void Dispose() => _directory.Dispose();

    private static string Tag(int run) => string.Create(CultureInfo.InvariantCulture, $"run{run}");

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
