using System.Text;

namespace Shopify.DualAuth.Tests;

public class ShopDomainTests
{
    // Every hostile input names the shop "acme-zq9" where it names one at all, so a test can prove
    // the exception message never repeats what the caller sent.
    private const string Marker = "zq9";

    private static readonly string Handle63 = "zq9" + new string('a', 60);
    private static readonly string Handle64 = "zq9" + new string('a', 61);

    public static TheoryData<string> HostileInputs => new()
    {
        // User info: the part after '@' is the real host.
        "evil.com@acme-zq9.myshopify.com",
        "acme-zq9.myshopify.com@evil.com",
        "https://evil.com@acme-zq9.myshopify.com",
        "https://acme-zq9.myshopify.com@evil.com",
        "user:pass@acme-zq9.myshopify.com",
        "@acme-zq9.myshopify.com",

        // Extra labels.
        "a.acme-zq9.myshopify.com",
        "www.acme-zq9.myshopify.com",
        "evil.com.acme-zq9.myshopify.com",

        // Ports, paths, queries, fragments.
        "acme-zq9.myshopify.com:443",
        "https://acme-zq9.myshopify.com:443",
        "https://acme-zq9.myshopify.com:443/",
        "acme-zq9.myshopify.com:8080/",
        "acme-zq9.myshopify.com/admin",
        "https://acme-zq9.myshopify.com/admin/oauth/authorize",
        "acme-zq9.myshopify.com//",
        "acme-zq9.myshopify.com/..",
        "acme-zq9.myshopify.com?x=1",
        "https://acme-zq9.myshopify.com/?shop=evil.com",
        "acme-zq9.myshopify.com#frag",
        "https://acme-zq9.myshopify.com/#",

        // Look-alike suffixes.
        "acme-zq9.myshopify.com.evil.com",
        "acme-zq9.MYSHOPIFY.COM.evil.com",
        "acme-zq9myshopify.com",
        "acme-zq9.myshopify.co",
        "acme-zq9.myshopify.com.",
        "acme-zq9.myshopify.com..",
        "acme-zq9.myshopify.comm",
        "acme-zq9.shopify.com",
        "acme-zq9.myshopify.io",
        "acme-zq9.my-shopify.com",
        "acme-zq9.myshopify-com.evil",
        "acme-zq9",

        // Schemes other than https, and scheme-relative or broken schemes.
        "http://acme-zq9.myshopify.com",
        "HTTP://acme-zq9.myshopify.com",
        "ftp://acme-zq9.myshopify.com",
        "wss://acme-zq9.myshopify.com",
        "javascript://acme-zq9.myshopify.com",
        "//acme-zq9.myshopify.com",
        "https:acme-zq9.myshopify.com",
        "https:///acme-zq9.myshopify.com",
        "https://https://acme-zq9.myshopify.com",

        // Backslashes (browsers treat them as '/').
        "acme-zq9.myshopify.com\\",
        "https:\\\\acme-zq9.myshopify.com",
        "evil.com\\acme-zq9.myshopify.com",
        "https://evil.com\\@acme-zq9.myshopify.com",

        // Percent-encoding.
        "acme%2Dzq9.myshopify.com",
        "acme-zq9%2Emyshopify.com",
        "acme-zq9.myshopify.com%2F",
        "acme-zq9.myshopify.com%00",

        // Whitespace and control characters anywhere.
        " acme-zq9.myshopify.com",
        "acme-zq9.myshopify.com ",
        "acme zq9.myshopify.com",
        "\tacme-zq9.myshopify.com",
        "acme-zq9.myshopify.com\r\n",
        "acme-zq9.myshopify.com\nSet-Cookie: a=b",
        "acme-zq9.myshopify.com\0",
        "acme-zq9\u00A0.myshopify.com",
        "acme-zq9\u200B.myshopify.com",
        "\uFEFFacme-zq9.myshopify.com",
        "acme-zq9.myshopify.com\u0085",
        "acme-zq9.myshopify.com\u2028",

        // Unicode look-alikes and IDN.
        "acme-zq9\uFF0Emyshopify.com",
        "acme-zq9\u3002myshopify.com",
        "\u0430cme-zq9.myshopify.com",
        "acme-zq9.mysh\u043Epify.com",
        "\u00E1cme-zq9.myshopify.com",
        "\uFF41cme-zq9.myshopify.com",
        "xn--acme-zq9.myshopify.com",
        "XN--ZQ9-8CB.myshopify.com",
        "admin.shopify.com/store/xn--zq9-8cb",

        // Bad handles.
        "-acme-zq9.myshopify.com",
        "acme_zq9.myshopify.com",
        "_acme-zq9.myshopify.com",
        "acme-zq9!.myshopify.com",
        "acme*zq9.myshopify.com",
        ".myshopify.com",
        "myshopify.com",
        "https://.myshopify.com",
        "https://",
        string.Empty,
        "   ",
        Handle64 + ".myshopify.com",
        "https://" + Handle64 + ".myshopify.com/",
        new string('a', 5000) + Marker + ".myshopify.com",
        "https://" + new string('a', 120) + Marker + ".myshopify.com",

        // The unified admin form, with anything beyond one good handle.
        "admin.shopify.com/store/acme-zq9/apps",
        "admin.shopify.com/store/acme-zq9/apps/my-app",
        "admin.shopify.com/store/acme-zq9?x=1",
        "admin.shopify.com/store/acme-zq9#x",
        "admin.shopify.com/store/acme-zq9//",
        "admin.shopify.com/store/",
        "admin.shopify.com/store",
        "admin.shopify.com",
        "admin.shopify.com/store/-acme-zq9",
        "admin.shopify.com/store/acme_zq9",
        "admin.shopify.com/store/acme zq9",
        "admin.shopify.com/store/acme-zq9.myshopify.com",
        "admin.shopify.com/store/" + Handle64,
        "admin.shopify.com.evil.com/store/acme-zq9",
        "evil.com/admin.shopify.com/store/acme-zq9",
        "https://evil.com/admin.shopify.com/store/acme-zq9",
        "admin.shopify.com/stores/acme-zq9",
        "admin.shopify.com:443/store/acme-zq9",
        "http://admin.shopify.com/store/acme-zq9",
        "admin.shopify.com@evil.com/store/acme-zq9",
    };

    public static TheoryData<string, string> AcceptedInputs => new()
    {
        { "acme.myshopify.com", "acme" },
        { "ACME.MYSHOPIFY.COM", "acme" },
        { "Acme-Store.MyShopify.Com", "acme-store" },
        { "https://acme.myshopify.com", "acme" },
        { "HTTPS://ACME.MYSHOPIFY.COM/", "acme" },
        { "acme.myshopify.com/", "acme" },
        { "admin.shopify.com/store/acme", "acme" },
        { "https://admin.shopify.com/store/acme", "acme" },
        { "https://admin.shopify.com/store/acme/", "acme" },
        { "ADMIN.SHOPIFY.COM/STORE/ACME", "acme" },
        { "a.myshopify.com", "a" },
        { "7.myshopify.com", "7" },
        { "007-shop.myshopify.com", "007-shop" },
        { "dev-shop-.myshopify.com", "dev-shop-" },
        { "my--shop.myshopify.com", "my--shop" },
        { "zl-03041121.myshopify.com", "zl-03041121" },
        { Handle63 + ".myshopify.com", Handle63 },
        { Handle63.ToUpperInvariant() + ".myshopify.com", Handle63 },
        { "https://admin.shopify.com/store/" + Handle63 + "/", Handle63 },
    };

    [Theory]
    [MemberData(nameof(AcceptedInputs))]
    public void Accepts_every_documented_form_and_canonicalises_it_to_lower_case(string input, string handle)
    {
        Assert.True(ShopDomain.TryParse(input, out var shop));
        Assert.Equal(handle + ".myshopify.com", shop.Value);
        Assert.Equal(handle, shop.Handle);
        Assert.Equal(shop.Value, shop.ToString());
        Assert.Equal(shop, ShopDomain.Parse(input));
        Assert.Equal(shop, ShopDomain.Parse(input.AsSpan()));
        Assert.True(ShopDomain.TryParse(input.AsSpan(), out var fromSpan));
        Assert.Equal(shop, fromSpan);
    }

    [Fact]
    public void Hostile_input_list_is_large_enough_to_mean_something()
        => Assert.True(HostileInputs.Count >= 60, $"only {HostileInputs.Count} hostile inputs");

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void TryParse_rejects_hostile_input(string input)
    {
        Assert.False(ShopDomain.TryParse(input, out var shop));
        Assert.Null(shop);
        Assert.False(ShopDomain.TryParse(input.AsSpan(), out shop));
        Assert.Null(shop);
        Assert.False(TryParseGeneric<ShopDomain>(input, out shop));
        Assert.Null(shop);
        Assert.False(TryParseSpanGeneric<ShopDomain>(input, out shop));
        Assert.Null(shop);
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Parse_throws_a_FormatException_that_never_echoes_the_input(string input)
    {
        var messages = new[]
        {
            Assert.Throws<FormatException>(() => ShopDomain.Parse(input)).Message,
            Assert.Throws<FormatException>(() => ShopDomain.Parse(input.AsSpan())).Message,
            Assert.Throws<FormatException>(() => ParseGeneric<ShopDomain>(input)).Message,
            Assert.Throws<FormatException>(() => ParseSpanGeneric<ShopDomain>(input)).Message,
        };

        foreach (var message in messages)
        {
            Assert.StartsWith("Not a Shopify shop domain: ", message, StringComparison.Ordinal);
            Assert.DoesNotContain(Marker, message, StringComparison.OrdinalIgnoreCase);
            if (input.Trim().Length > 0 && !FixedMessageText(message).Contains(input, StringComparison.Ordinal))
            {
                Assert.DoesNotContain(input, message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Handle_of_63_characters_is_accepted_and_64_rejected()
    {
        Assert.True(ShopDomain.TryParse(Handle63 + ".myshopify.com", out var shop));
        Assert.Equal(ShopDomain.MaxHandleLength, shop.Handle.Length);
        Assert.False(ShopDomain.TryParse(Handle64 + ".myshopify.com", out _));
        Assert.Contains("63", Assert.Throws<FormatException>(() => ShopDomain.Parse(Handle64 + ".myshopify.com")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_rejected_by_TryParse_and_is_an_argument_error_for_Parse()
    {
        Assert.False(ShopDomain.TryParse((string?)null, out var shop));
        Assert.Null(shop);
        Assert.False(TryParseGeneric<ShopDomain>(null, out _));

        // IParsable<T>.Parse documents ArgumentNullException for null, like int.Parse.
        Assert.Throws<ArgumentNullException>(() => ShopDomain.Parse((string)null!));
        Assert.Throws<ArgumentNullException>(() => ParseGeneric<ShopDomain>(null!));
    }

    [Fact]
    public void Parse_message_says_why_the_input_was_rejected()
    {
        Assert.Contains("empty", Assert.Throws<FormatException>(() => ShopDomain.Parse(string.Empty)).Message, StringComparison.Ordinal);
        Assert.Contains("https", Assert.Throws<FormatException>(() => ShopDomain.Parse("http://acme.myshopify.com")).Message, StringComparison.Ordinal);
        Assert.Contains("does not end in .myshopify.com", Assert.Throws<FormatException>(() => ShopDomain.Parse("acme.myshopify.com.evil.com")).Message, StringComparison.Ordinal);
        Assert.Contains("whitespace", Assert.Throws<FormatException>(() => ShopDomain.Parse("acme .myshopify.com")).Message, StringComparison.Ordinal);
        Assert.Contains("too long", Assert.Throws<FormatException>(() => ShopDomain.Parse(new string('a', 200) + ".myshopify.com")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_hash_and_operators_compare_the_canonical_host()
    {
        var lower = ShopDomain.Parse("acme.myshopify.com");
        var upper = ShopDomain.Parse("https://ACME.myshopify.com/");
        var admin = ShopDomain.Parse("admin.shopify.com/store/Acme");
        var other = ShopDomain.Parse("other.myshopify.com");

        Assert.True(lower.Equals(upper));
        Assert.True(lower.Equals((object)admin));
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
        Assert.Equal(lower.GetHashCode(), admin.GetHashCode());
        Assert.True(lower == upper);
        Assert.False(lower != admin);
        Assert.True(lower != other);
        Assert.False(lower == other);
        Assert.False(lower.Equals(other));
        Assert.False(lower.Equals(null));
        Assert.False(lower.Equals((object)"acme.myshopify.com"));
        Assert.False(lower == null);
        Assert.False(null == lower);
        Assert.True((ShopDomain?)null == null);
        Assert.Single(new HashSet<ShopDomain> { lower, upper, admin });
    }

    [Fact]
    public void Plain_Parse_needs_no_format_provider()
    {
        // The IFormatProvider overloads are explicit interface implementations: were they public,
        // CA1305 would flag this call in every consumer that enables it (this repository does).
        var publicParse = typeof(ShopDomain).GetMethods().Where(m => m.Name is "Parse" or "TryParse");

        Assert.DoesNotContain(publicParse, m => m.GetParameters().Any(p => p.ParameterType == typeof(IFormatProvider)));
    }

    [Fact]
    public void Span_parsable_members_work_through_the_generic_interfaces()
    {
        Assert.Equal("acme.myshopify.com", ParseGeneric<ShopDomain>("ACME.myshopify.com").Value);
        Assert.Equal("acme.myshopify.com", ParseSpanGeneric<ShopDomain>("https://acme.myshopify.com/").Value);
        Assert.True(TryParseGeneric<ShopDomain>("admin.shopify.com/store/acme", out var shop));
        Assert.Equal("acme.myshopify.com", shop!.Value);
        Assert.True(TryParseSpanGeneric<ShopDomain>("ACME.myshopify.com", out shop));
        Assert.Equal("acme.myshopify.com", shop!.Value);
        Assert.False(TryParseSpanGeneric<ShopDomain>("acme.myshopify.com:443", out _));
        Assert.False(TryParseGeneric<ShopDomain>("acme.myshopify.com.evil.com", out _));
        Assert.False(TryParseGeneric<ShopDomain>(null, out _));
        Assert.Throws<FormatException>(() => ParseSpanGeneric<ShopDomain>("evil.com"));
    }

    [Fact]
    public void IsCanonical_accepts_only_the_lower_case_bare_host()
    {
        Assert.True(ShopDomain.IsCanonical("acme.myshopify.com"));
        Assert.True(ShopDomain.IsCanonical(Handle63 + ".myshopify.com"));
        Assert.False(ShopDomain.IsCanonical("Acme.myshopify.com"));
        Assert.False(ShopDomain.IsCanonical("acme.MYSHOPIFY.com"));
        Assert.False(ShopDomain.IsCanonical("https://acme.myshopify.com"));
        Assert.False(ShopDomain.IsCanonical("admin.shopify.com/store/acme"));
        Assert.False(ShopDomain.IsCanonical(".myshopify.com"));
        Assert.False(ShopDomain.IsCanonical("a.b.myshopify.com"));
        Assert.False(ShopDomain.IsCanonical("xn--80ak6aa92e.myshopify.com"));
        Assert.False(ShopDomain.IsCanonical(Handle64 + ".myshopify.com"));
        Assert.Equal(ShopDomain.Parse("acme.myshopify.com"), ShopDomain.FromCanonical("acme.myshopify.com"));
    }

    [Theory]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ", "new-danoja.myshopify.com")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ==", "new-danoja.myshopify.com")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvemwtMDMwNDExMjE", "zl-03041121.myshopify.com")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvemwtMDMwNDExMjE=", "zl-03041121.myshopify.com")]
    public void TryParseHost_decodes_the_protocol_vectors_padded_or_not(string host, string expected)
    {
        Assert.True(ShopDomain.TryParseHost(host, out var shop));
        Assert.Equal(expected, shop.Value);
    }

    [Theory]
    [InlineData("acme.myshopify.com/admin", "acme.myshopify.com")]
    [InlineData("acme-store.myshopify.com/admin", "acme-store.myshopify.com")]
    [InlineData("ACME.MYSHOPIFY.COM/ADMIN", "acme.myshopify.com")]
    [InlineData("admin.shopify.com/store/Acme", "acme.myshopify.com")]
    [InlineData("admin.shopify.com/store/a", "a.myshopify.com")]
    public void TryParseHost_accepts_the_legacy_and_unified_admin_hosts(string decoded, string expected)
    {
        foreach (var host in new[] { Base64(decoded, padded: false), Base64(decoded, padded: true) })
        {
            Assert.True(ShopDomain.TryParseHost(host, out var shop), host);
            Assert.Equal(expected, shop.Value);
        }
    }

    [Fact]
    public void TryParseHost_accepts_a_63_character_handle_and_rejects_64()
    {
        Assert.True(ShopDomain.TryParseHost(Base64("admin.shopify.com/store/" + Handle63, padded: false), out var shop));
        Assert.Equal(Handle63, shop.Handle);
        Assert.False(ShopDomain.TryParseHost(Base64("admin.shopify.com/store/" + Handle64, padded: false), out _));
        Assert.False(ShopDomain.TryParseHost(Base64(Handle64 + ".myshopify.com/admin", padded: false), out _));
    }

    public static TheoryData<string> HostileDecodedHosts => new()
    {
        "evil.com/store/acme",
        "admin.shopify.com.evil.com/store/acme",
        "evil.com/admin.shopify.com/store/acme",
        "admin.shopify.com/store/acme/apps/my-app",
        "admin.shopify.com/store/acme/",
        "admin.shopify.com/store/acme?x=1",
        "admin.shopify.com/store/",
        "admin.shopify.com/store/-acme",
        "admin.shopify.com/store/acme.myshopify.com",
        "admin.shopify.com/store/xn--80ak6aa92e",
        "admin.shopify.com/store/acme evil",
        "admin.shopify.com:443/store/acme",
        "https://admin.shopify.com/store/acme",
        "//admin.shopify.com/store/acme",
        "acme.myshopify.com",
        "acme.myshopify.com/admin/",
        "acme.myshopify.com/admin/apps",
        "acme.myshopify.com:443/admin",
        "https://acme.myshopify.com/admin",
        "a.acme.myshopify.com/admin",
        "acme.myshopify.com.evil.com/admin",
        "evil.com/acme.myshopify.com/admin",
        "evil.com@acme.myshopify.com/admin",
        ".myshopify.com/admin",
        "/admin",
        "acme.example.com/admin",
        "admin.shopify.com/store/acme\n",
        "admin.shopify.com/store/acme\0",
        "admin.shopify.com/store/\u00E1cme",
        "admin.shopify.com/store/" + new string('a', 150),
    };

    [Theory]
    [MemberData(nameof(HostileDecodedHosts))]
    public void TryParseHost_rejects_hosts_that_decode_to_anything_but_a_shop_admin(string decoded)
    {
        Assert.False(ShopDomain.TryParseHost(Base64(decoded, padded: false), out var shop));
        Assert.Null(shop);
        Assert.False(ShopDomain.TryParseHost(Base64(decoded, padded: true), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("=")]
    [InlineData("Y")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qY")]
    [InlineData("admin.shopify.com/store/acme")]
    [InlineData("YWRt aW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ")]
    [InlineData(" YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ\n")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ%3D%3D")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ===")]
    [InlineData("YW=taW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ-_")]
    [InlineData("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbmV3LWRhbm9qYQ\uFF1D")]
    public void TryParseHost_rejects_values_that_are_not_base64(string host)
    {
        Assert.False(ShopDomain.TryParseHost(host, out var shop));
        Assert.Null(shop);
    }

    [Fact]
    public void TryParseHost_rejects_non_ascii_bytes_and_overlong_values()
    {
        var latin1 = Convert.ToBase64String([.. Encoding.ASCII.GetBytes("admin.shopify.com/store/acme"), 0xE9]).TrimEnd('=');
        Assert.False(ShopDomain.TryParseHost(latin1, out _));

        var utf8 = Base64("admin.shopify.com/store/\u0430cme", padded: false);
        Assert.False(ShopDomain.TryParseHost(utf8, out _));

        Assert.False(ShopDomain.TryParseHost(new string('A', 4096), out _));
        Assert.False(ShopDomain.TryParseHost(Base64("admin.shopify.com/store/acme" + new string('/', 200), padded: false), out _));
    }

    private static string Base64(string text, bool padded)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        return padded ? encoded : encoded.TrimEnd('=');
    }

    // The message with its reason removed: what remains is the fixed hint every message carries.
    private static string FixedMessageText(string message) => message[message.IndexOf(". Expected", StringComparison.Ordinal)..];

    private static T ParseGeneric<T>(string s)
        where T : IParsable<T> => T.Parse(s, provider: null);

    private static T ParseSpanGeneric<T>(string s)
        where T : ISpanParsable<T> => T.Parse(s.AsSpan(), provider: null);

    private static bool TryParseGeneric<T>(string? s, out T? result)
        where T : IParsable<T> => T.TryParse(s, provider: null, out result);

    private static bool TryParseSpanGeneric<T>(string s, out T? result)
        where T : ISpanParsable<T> => T.TryParse(s.AsSpan(), provider: null, out result);
}
