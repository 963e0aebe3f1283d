using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.Tests;

public class ShopifyAppOptionsValidatorTests
{
    private const string Secret = "shpss_zq9CurrentSecretValue";
    private const string OldSecret = "shpss_zq9PreviousSecretValue";

    private static ShopifyAppOptions Valid() => new() { ClientId = "client-id-123", ClientSecret = Secret };

    [Fact]
    public void Defaults_are_valid_once_client_id_and_secret_are_set()
    {
        var result = new ShopifyAppOptionsValidator().Validate(Options.DefaultName, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Fully_configured_options_are_valid()
    {
        var options = Valid();
        options.PreviousClientSecrets.Add(OldSecret);
        options.Scopes = "write_products, read_orders";
        options.RefreshBeforeExpiry = TimeSpan.FromMinutes(59);
        options.ClockSkew = TimeSpan.Zero;
        options.RequestMaxAge = TimeSpan.FromDays(1);

        var result = new ShopifyAppOptionsValidator().Validate(Options.DefaultName, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Empty_options_name_both_missing_credentials()
    {
        var result = new ShopifyAppOptionsValidator().Validate(Options.DefaultName, new ShopifyAppOptions());

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Shopify:ClientId is missing.", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Shopify:ClientSecret is missing.", failures[1], StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<ShopifyAppOptions>> InvalidSettings => new()
    {
        { "ClientId is missing", o => o.ClientId = "   " },
        { "ClientId contains whitespace", o => o.ClientId = "client id" },
        { "ClientId contains whitespace", o => o.ClientId = "client-id\n" },
        { "ClientSecret is missing", o => o.ClientSecret = string.Empty },
        { "ClientSecret is missing", o => o.ClientSecret = " \t " },
        { "ClientSecret has leading or trailing whitespace", o => o.ClientSecret = Secret + " " },
        { "ClientSecret has leading or trailing whitespace", o => o.ClientSecret = "\n" + Secret },
        { "PreviousClientSecrets:0 is empty", o => o.PreviousClientSecrets.Add(string.Empty) },
        { "PreviousClientSecrets:1 is empty", o => { o.PreviousClientSecrets.Add(OldSecret); o.PreviousClientSecrets.Add("  "); } },
        { "PreviousClientSecrets:0 has leading or trailing whitespace", o => o.PreviousClientSecrets.Add(OldSecret + "\r\n") },
        { "PreviousClientSecrets:0 repeats ClientSecret", o => o.PreviousClientSecrets.Add(Secret) },
        { "Scopes is malformed", o => o.Scopes = "write_products read_orders" },
        { "Scopes is malformed", o => o.Scopes = "write_products;read_orders" },
        { "RefreshBeforeExpiry must be more than zero", o => o.RefreshBeforeExpiry = TimeSpan.Zero },
        { "RefreshBeforeExpiry must be more than zero", o => o.RefreshBeforeExpiry = TimeSpan.FromMinutes(-5) },
        { "RefreshBeforeExpiry must be more than zero", o => o.RefreshBeforeExpiry = TimeSpan.FromMinutes(60) },
        { "ClockSkew must be between", o => o.ClockSkew = TimeSpan.FromTicks(-1) },
        { "ClockSkew must be between", o => o.ClockSkew = TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(1) },
        { "RequestMaxAge must be more than zero", o => o.RequestMaxAge = TimeSpan.Zero },
        { "RequestMaxAge must be more than zero", o => o.RequestMaxAge = TimeSpan.FromSeconds(-1) },
        { "RequestMaxAge must be more than zero", o => o.RequestMaxAge = TimeSpan.FromDays(1) + TimeSpan.FromTicks(1) },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Each_rule_fails_alone_naming_the_key_under_the_section_without_the_secret(string expected, Action<ShopifyAppOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);

        var result = new ShopifyAppOptionsValidator("Apps:Shopify").Validate(Options.DefaultName, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Apps:Shopify:" + expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("zq9", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("zq9", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(59 * 60 + 59)]
    public void RefreshBeforeExpiry_accepts_anything_inside_the_token_life(int seconds)
    {
        var options = Valid();
        options.RefreshBeforeExpiry = TimeSpan.FromSeconds(seconds);

        Assert.True(new ShopifyAppOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void ClockSkew_and_RequestMaxAge_accept_their_bounds()
    {
        var options = Valid();
        options.ClockSkew = TimeSpan.FromMinutes(5);
        options.RequestMaxAge = TimeSpan.FromTicks(1);

        Assert.True(new ShopifyAppOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Every_failure_is_reported_at_once()
    {
        var options = new ShopifyAppOptions
        {
            ClientId = "a b",
            ClientSecret = " " + Secret,
            Scopes = "read-products",
            RefreshBeforeExpiry = TimeSpan.Zero,
            ClockSkew = TimeSpan.FromHours(1),
            RequestMaxAge = TimeSpan.Zero,
        };
        options.PreviousClientSecrets.Add(string.Empty);

        var result = new ShopifyAppOptionsValidator().Validate(null, options);

        Assert.Equal(7, result.Failures!.Count());
        Assert.All(result.Failures!, f => Assert.StartsWith("Shopify:", f, StringComparison.Ordinal));
        Assert.DoesNotContain("zq9", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_section_path_names_root_keys_without_a_prefix()
    {
        var result = new ShopifyAppOptionsValidator(string.Empty).Validate(null, new ShopifyAppOptions { ClientId = "id" });

        Assert.StartsWith("ClientSecret is missing.", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Section_path_must_not_be_null_or_blank()
    {
        Assert.Throws<ArgumentNullException>(() => new ShopifyAppOptionsValidator(null!));
        Assert.Throws<ArgumentException>(() => new ShopifyAppOptionsValidator("  "));
    }

    [Fact]
    public void Null_options_are_an_argument_error()
        => Assert.Throws<ArgumentNullException>(() => new ShopifyAppOptionsValidator().Validate(null, null!));
}
