using System.Globalization;

namespace Shopify.DualAuth.Testing.Emulator.Signing;

/// <summary>Unix-second timestamps as Shopify writes them in query strings and JWT claims.</summary>
internal static class UnixTime
{
    public static long Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static string Text(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
