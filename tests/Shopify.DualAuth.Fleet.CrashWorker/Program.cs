using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth;
using Shopify.DualAuth.Fleet.CrashWorker;
using Shopify.DualAuth.Sqlite;
using Shopify.DualAuth.Storage;

// A child process for the fleet crash test: one app instance, as an app registers it, on a SQLite
// file the test shares, calling the test's ShopifyEmulator over loopback Kestrel.
//   refresh <db> <hex-key> <emulator-root> <client-id> <client-secret> <shop> <clock-offset-seconds> <stall>
//       asks IShopifyTokens for the shop's offline token, which is due, so it refreshes. With stall
//       "persist", the rotation into the store stalls after printing "persisting"; with "none" it
//       runs through and prints "refreshed". The test kills it with SIGKILL while it hangs.
// Exit codes: 0 done, 2 bad arguments.
if (args.Length != 9 || args[0] != "refresh" || args[8] is not ("persist" or "none"))
{
    Console.Error.WriteLine("usage: refresh <db> <hex-key> <emulator-root> <client-id> <client-secret> <shop> <clock-offset-seconds> <persist|none>");
    return 2;
}

var protector = new KeyProtector(Convert.FromHexString(args[2]));
var services = new ServiceCollection();
services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(TimeSpan.FromSeconds(double.Parse(args[7], CultureInfo.InvariantCulture))));
services.AddShopifyDualAuth(options =>
    {
        options.ClientId = args[4];
        options.ClientSecret = args[5];
        options.Scopes = "write_orders";
    })
    .UseEndpoints(new LoopbackEndpoints(new Uri(args[3], UriKind.Absolute)))
    .ConfigureHttpRetry(retry =>
    {
        // Attempts wait as long as it takes: the test decides when this process dies.
        retry.AttemptTimeout = TimeSpan.FromMinutes(5);
        retry.TotalTimeout = TimeSpan.FromMinutes(10);
    });
services.AddSingleton<IShopifyTokenStore>(sp =>
{
    var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = args[1] }, protector, sp.GetRequiredService<TimeProvider>());
    return args[8] == "persist" ? new StallingStore(store) : store;
});

await using var provider = services.BuildServiceProvider();
var tokens = provider.GetRequiredService<IShopifyTokens>();
Console.WriteLine("calling");
var token = await tokens.GetOfflineTokenAsync(ShopDomain.Parse(args[6]));
Console.WriteLine(token.IsExpiring ? "refreshed" : "not-expiring");
return 0;
