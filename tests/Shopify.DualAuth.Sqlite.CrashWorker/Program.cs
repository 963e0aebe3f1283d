using Shopify.DualAuth;
using Shopify.DualAuth.Sqlite;
using Shopify.DualAuth.Sqlite.CrashWorker;

// A child process for the SQLite crash and multi-process tests.
//   rotate <db> <keys> <shop> <hex-key> <tag>
//       rotates the shop's offline token forever, printing "rotated <n>" after each success; the
//       test kills it with SIGKILL at a random moment.
//   race <db> <keys> <shop> <hex-key> <tag> <attempts> <go-file>
//       prints "ready", waits for <go-file>, then makes <attempts> rotations from whatever is
//       stored, printing "won <from-fingerprint> <to-fingerprint>" for each one that succeeds.
// Exit codes: 0 done, 2 bad arguments, 3 the stored token was missing or not one a worker minted.
if (args.Length < 6 || args[0] is not ("rotate" or "race") || (args[0] == "race" && args.Length < 8))
{
    Console.Error.WriteLine("usage: rotate <db> <keys> <shop> <hex-key> <tag> | race <db> <keys> <shop> <hex-key> <tag> <attempts> <go-file>");
    return 2;
}

var shop = ShopDomain.Parse(args[3]);
var key = Convert.FromHexString(args[4]);
var tag = args[5];
using var store = new SqliteTokenStore(new SqliteTokenStoreOptions { DataSource = args[1] }, WorkerTokens.Protector(args[2]));

if (args[0] == "race")
{
    Console.WriteLine("ready");
    while (!File.Exists(args[7]))
    {
        await Task.Delay(5);
    }
}

var attempts = args[0] == "race" ? long.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture) : long.MaxValue;
for (var counter = 0L; counter < attempts; counter++)
{
    var current = await store.GetOfflineTokenAsync(shop);
    if (current is null || !WorkerTokens.IsGenuine(current, key))
    {
        Console.Error.WriteLine("the stored token is missing or was not minted by a worker");
        return 3;
    }

    var next = WorkerTokens.Create(shop, key, tag, counter, DateTimeOffset.UtcNow);
    if (await store.TryRotateOfflineTokenAsync(current, next))
    {
        Console.WriteLine(args[0] == "race"
            ? $"won {Shopify.DualAuth.Storage.OfflineTokenFingerprint.Compute(current)} {Shopify.DualAuth.Storage.OfflineTokenFingerprint.Compute(next)}"
            : $"rotated {counter}");
    }
}

return 0;
