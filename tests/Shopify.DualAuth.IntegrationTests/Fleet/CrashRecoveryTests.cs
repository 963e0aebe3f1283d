using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.Fleet.CrashWorker;
using Shopify.DualAuth.Sqlite;
using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// An app process killed with SIGKILL between Shopify rotating the refresh token and the store
/// persisting the new pair: the refresh token Shopify just retired is the one still stored. The
/// next call anywhere retries it, Shopify's retention rule hands back the pair it issued, and the
/// chain goes on with nothing refused.
/// </summary>
[Collection(FleetGroup.Name)]
public sealed class CrashRecoveryTests : IDisposable
{
    private const string ClientId = "crash-client-id";
    private const string ClientSecret = "crash-client-secret";

    // Both processes see "now" this far ahead of the real clock, past the token's refresh point;
    // the emulator, which only needs the refresh token to be alive, runs on the real clock.
    private static readonly TimeSpan ClockOffset = TimeSpan.FromMinutes(57);

    private readonly string _directory = Directory.CreateTempSubdirectory("dualauth-fleet-crash-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> KillPoints => ["held-answer", "before-persist"];

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task A_process_killed_after_Shopify_rotated_loses_nothing_the_next_call_recovers_the_same_pair(string killPoint)
    {
        await using var emulator = new ShopifyEmulator(new ShopifyEmulatorOptions { ClientId = ClientId, ClientSecret = ClientSecret });
        var shop = emulator.AddShop("crash-" + Guid.NewGuid().ToString("N")[..12], s =>
        {
            s.Installed = true;
            s.AddUser(new EmulatedUser { Id = 7, FirstName = "Olive", LastName = "Owner", Email = "olive@example.com", AccountOwner = true });
        }).Domain;
        var root = await emulator.StartAsync(Ct);
        var key = RandomNumberGenerator.GetBytes(32);
        var database = Path.Combine(_directory, "tokens.db");
        var clock = new ShiftedTimeProvider();
        await using var app = App(emulator, database, key, clock);

        // The installed token, as an earlier code grant or token exchange left it in the file; then
        // the clock moves to where it is due.
        var session = app.GetRequiredService<Verification.SessionTokenValidator>().Validate(emulator.MintSessionToken(shop, 7));
        var installed = (await app.GetRequiredService<IShopifyTokens>().InstallAsync(session.Token!, Ct)).Offline;
        Assert.True(installed.IsExpiring);
        clock.Advance(ClockOffset);

        if (killPoint == "held-answer")
        {
            emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.HeldAnswer, EmulatorGrant.RefreshToken);
        }

        using (var child = ChildProcess.Start(
            "refresh", database, Convert.ToHexString(key), root.AbsoluteUri, ClientId, ClientSecret, shop.Value,
            ClockOffset.TotalSeconds.ToString(CultureInfo.InvariantCulture), killPoint == "before-persist" ? "persist" : "none"))
        {
            await child.ExpectLineAsync("calling", TimeSpan.FromSeconds(30), Ct);
            if (killPoint == "held-answer")
            {
                // Shopify has rotated; its answer is held open: the child is waiting for it.
                await WaitForAsync(() => emulator.Requests.Any(r => r.Fault == EmulatorFaultKind.HeldAnswer), "the held refresh");
            }
            else
            {
                // The child has the new pair in memory and is about to write it.
                await child.ExpectLineAsync("persisting", TimeSpan.FromSeconds(30), Ct);
            }

            Assert.False(child.HasExited);
            await child.KillAsync(Ct);
        }

        // Shopify rotated; the file still holds the retired refresh token.
        var issuedAccess = emulator.Tokens.GetOfflineAccessToken(shop);
        var issuedRefresh = emulator.Tokens.GetRefreshToken(shop);
        Assert.NotEqual(installed.RefreshToken, issuedRefresh);
        var left = await app.GetRequiredService<IShopifyTokenStore>().GetOfflineTokenAsync(shop, Ct);
        Assert.Equal(installed.RefreshToken, left!.RefreshToken);
        Assert.Equal(installed.AccessToken, left.AccessToken);

        var recovered = await app.GetRequiredService<IShopifyTokens>().GetOfflineTokenAsync(shop, Ct);

        Assert.Equal(issuedAccess, recovered.AccessToken);
        Assert.Equal(issuedRefresh, recovered.RefreshToken);
        var stored = await app.GetRequiredService<IShopifyTokenStore>().GetOfflineTokenAsync(shop, Ct);
        Assert.Equal((recovered.AccessToken, recovered.RefreshToken), (stored!.AccessToken, stored.RefreshToken));
        Assert.Equal(2, emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.Equal(killPoint == "held-answer" ? 1 : 2, emulator.Counters.Succeeded(EmulatorGrant.RefreshToken));
        Assert.Equal(0, emulator.Requests.Count(r => r.Grant == EmulatorGrant.RefreshToken && r.StatusCode is 400 or 401));
        Assert.True(emulator.Tokens.IsActive(recovered.AccessToken));

        // The chain goes on from the recovered pair.
        clock.Advance(TimeSpan.FromMinutes(57));
        var next = await app.GetRequiredService<IShopifyTokens>().GetOfflineTokenAsync(shop, Ct);
        Assert.NotEqual(recovered.RefreshToken, next.RefreshToken);
        Assert.Equal(emulator.Tokens.GetRefreshToken(shop), next.RefreshToken);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ServiceProvider App(ShopifyEmulator emulator, string database, byte[] key, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddShopifyDualAuth(options =>
            {
                options.ClientId = ClientId;
                options.ClientSecret = ClientSecret;
                options.Scopes = "write_orders";
            })
            .UseEndpoints(emulator.Endpoints)
            .ConfigureHttpRetry(options => options.BaseDelay = TimeSpan.Zero);
        services.AddSingleton<IShopifyTokenStore>(sp => new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = database }, new KeyProtector(key), sp.GetRequiredService<TimeProvider>()));
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(10, Ct);
        }
    }
}
