using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Shopify.DualAuth.AspNetCore;
using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Sqlite.CrashWorker;

/// <summary>
/// Tokens the worker mints, recognisable afterwards: both secrets carry the same run tag and
/// counter and an HMAC over them under a key only the test and the worker know, so a stored token
/// proves it is whole (not torn between two writes) and that a worker wrote it.
/// </summary>
public static class WorkerTokens
{
    public static ScopeSet Scopes { get; } = ScopeSet.Parse("read_orders,write_products");

    public static OfflineToken Create(ShopDomain shop, byte[] key, string tag, long counter, DateTimeOffset now)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{tag}.{counter}");
        var mac = Mac(key, id);

        // Whole milliseconds, the precision stores keep, so a token reads back equal.
        now = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
        return new OfflineToken(shop, $"shpat_{id}.{mac}", Scopes, now.AddHours(1), $"shprt_{id}.{mac}", now.AddDays(90));
    }

    /// <summary>Whether both secrets name the same (tag, counter) and carry its valid HMAC.</summary>
    public static bool IsGenuine(OfflineToken token, byte[] key)
    {
        if (token.RefreshToken is not { } refresh || !token.AccessToken.StartsWith("shpat_", StringComparison.Ordinal) || !refresh.StartsWith("shprt_", StringComparison.Ordinal))
        {
            return false;
        }

        var access = token.AccessToken["shpat_".Length..];
        if (!string.Equals(access, refresh["shprt_".Length..], StringComparison.Ordinal))
        {
            return false;
        }

        var dot = access.LastIndexOf('.');
        return dot > 0 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key, access[..dot])), Encoding.ASCII.GetBytes(access[(dot + 1)..]));
    }

    /// <summary>The protector both the test and the workers use: one key ring in a shared folder.</summary>
    public static ITokenProtector Protector(string keysDirectory)
        => new DataProtectionTokenProtector(DataProtectionProvider.Create(new DirectoryInfo(keysDirectory), b => b.SetApplicationName("shopify-dualauth-crash-test")));

    private static string Mac(byte[] key, string id) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(id)))[..32];
}
