using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Tests.OAuth;

public class AuthorizeUrlTests
{
    private const string State = "Abc123def456GHI789jkl012";
    private static readonly Uri Callback = new("https://app.example.com/auth/callback");

    [Fact]
    public void Offline_authorization_sends_an_empty_grant_option()
    {
        using var harness = OAuthHarness.Create();

        var url = harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, Callback, State, ScopeSet.Parse("write_orders,read_customers"));

        Assert.Equal(
            "https://example-shop.myshopify.com/admin/oauth/authorize?client_id=0123456789abcdef0123456789abcdef&scope=read_customers,write_orders"
            + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback&state=Abc123def456GHI789jkl012&grant_options%5B%5D=",
            url.AbsoluteUri);
        Assert.Empty(harness.Handler.Requests);
    }

    [Fact]
    public void Online_authorization_asks_for_a_per_user_grant()
    {
        using var harness = OAuthHarness.Create();

        var url = harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Online, Callback, State, ScopeSet.Parse("read_products"));

        Assert.EndsWith("&state=Abc123def456GHI789jkl012&grant_options%5B%5D=per-user", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("per-user", QueryValue(url, "grant_options[]"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Managed_installation_omits_the_scope_parameter(bool emptySet)
    {
        using var harness = OAuthHarness.Create();

        var url = harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, Callback, State, emptySet ? ScopeSet.Empty : null);

        Assert.DoesNotContain("scope=", url.Query, StringComparison.Ordinal);
        Assert.Equal(
            ["client_id", "redirect_uri", "state", "grant_options[]"],
            Query(url).Select(pair => pair.Key));
    }

    [Fact]
    public void The_redirect_uri_is_escaped_and_decodes_to_the_exact_callback()
    {
        using var harness = OAuthHarness.Create();

        var url = harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, new Uri("https://app.example.com/auth/callback?tenant=a%20b&x=1%2F2"), State);

        Assert.Contains("redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback%3Ftenant%3Da%2520b%26x%3D1%252F2&", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("https://app.example.com/auth/callback?tenant=a%20b&x=1%2F2", QueryValue(url, "redirect_uri"));
    }

    [Fact]
    public void Loopback_http_callbacks_are_allowed_for_development()
    {
        using var harness = OAuthHarness.Create();

        var url = harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Online, new Uri("http://127.0.0.1:5000/auth/callback"), State);

        Assert.Equal("http://127.0.0.1:5000/auth/callback", QueryValue(url, "redirect_uri"));
    }

    [Theory]
    [InlineData("http://app.example.com/auth/callback")]
    [InlineData("ftp://app.example.com/auth/callback")]
    [InlineData("https://user:pass@app.example.com/auth/callback")]
    [InlineData("https://app.example.com/auth/callback#fragment")]
    public void Unsafe_redirect_uris_are_refused(string redirect)
    {
        using var harness = OAuthHarness.Create();

        var exception = Assert.Throws<ArgumentException>(() => harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, new Uri(redirect), State));

        Assert.Equal("redirectUri", exception.ParamName);
    }

    [Fact]
    public void A_relative_redirect_uri_is_refused()
    {
        using var harness = OAuthHarness.Create();

        Assert.Throws<ArgumentException>(() => harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, new Uri("/auth/callback", UriKind.Relative), State));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short1234")]
    [InlineData("has-a-dash-in-the-state")]
    [InlineData("has space in the state")]
    [InlineData("ümlautsAreNotAscii123")]
    [InlineData("padded==base64state/+")]
    public void State_must_be_ascii_letters_and_digits_of_a_guess_resistant_length(string state)
    {
        using var harness = OAuthHarness.Create();

        var exception = Assert.Throws<ArgumentException>(() => harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, Callback, state));

        Assert.Equal("state", exception.ParamName);
        if (state.Length > 0)
        {
            Assert.DoesNotContain(state, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void State_longer_than_256_characters_is_refused()
    {
        using var harness = OAuthHarness.Create();

        Assert.Throws<ArgumentException>(() => harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, Callback, new string('a', 257)));
        Assert.NotNull(harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, Callback, new string('a', 256)));
    }

    [Fact]
    public void An_undefined_access_mode_is_refused()
    {
        using var harness = OAuthHarness.Create();

        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, (AccessMode)7, Callback, State));
    }

    [Fact]
    public void The_client_id_is_escaped()
    {
        using var harness = OAuthHarness.Create(app => app.ClientId = "id&scope=write_everything");

        var url = harness.Client.BuildAuthorizeUrl(OAuthHarness.Shop, AccessMode.Offline, Callback, State);

        Assert.Equal("id&scope=write_everything", QueryValue(url, "client_id"));
        Assert.Null(QueryValue(url, "scope"));
    }

    private static List<KeyValuePair<string, string>> Query(Uri url)
        => url.Query.TrimStart('?').Split('&').Select(pair =>
        {
            var parts = pair.Split('=', 2);
            return new KeyValuePair<string, string>(Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]));
        }).ToList();

    private static string? QueryValue(Uri url, string name)
        => Query(url).Where(pair => pair.Key == name).Select(pair => pair.Value).SingleOrDefault();
}
