using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.AspNetCore.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Options_bind_from_the_Shopify_section_and_valid_ones_start()
    {
        using var provider = Build(new()
        {
            ["Shopify:AppUrl"] = "https://app.example.com/base",
            ["Shopify:Embedded"] = "false",
            ["Shopify:InstallPath"] = "/shopify/install",
            ["Shopify:StateLifetime"] = "00:02:00",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<ShopifyAspNetCoreOptions>>().Value;
        Assert.Equal(new Uri("https://app.example.com/base"), options.AppUrl);
        Assert.False(options.Embedded);
        Assert.Equal("/shopify/install", options.InstallPath);
        Assert.Equal("/auth/callback", options.CallbackPath);
        Assert.Equal(TimeSpan.FromMinutes(2), options.StateLifetime);
    }

    [Theory]
    [InlineData("AppUrl", "http://app.example.com", "Shopify:AppUrl must use https")]
    [InlineData("AppUrl", "https://app.example.com/?x=1", "Shopify:AppUrl must have no query")]
    [InlineData("AppUrl", "ftp://app.example.com", "Shopify:AppUrl must be an absolute https address")]
    [InlineData("InstallPath", "auth/install", "Shopify:InstallPath must be a path starting with '/'")]
    [InlineData("CallbackPath", "/auth/callback/", "Shopify:CallbackPath must be a path")]
    [InlineData("SessionTokenPath", "/auth?x", "Shopify:SessionTokenPath must be a path")]
    [InlineData("CallbackPath", "/auth/install", "Shopify:InstallPath and Shopify:CallbackPath are the same path")]
    [InlineData("AppPath", "//evil.example", "Shopify:AppPath must be a local path")]
    [InlineData("StateLifetime", "00:00:01", "Shopify:StateLifetime must be between")]
    [InlineData("StateCookieName", "state cookie", "Shopify:StateCookieName must be a cookie name")]
    [InlineData("WebhookDeduplicationWindow", "01:00:00", "Shopify:WebhookDeduplicationWindow must be between")]
    public void Start_up_fails_with_a_message_naming_the_bad_key(string key, string value, string message)
    {
        using var provider = Build(new() { ["Shopify:" + key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_is_accepted_for_a_loopback_app_url()
    {
        using var provider = Build(new() { ["Shopify:AppUrl"] = "http://127.0.0.1:5000" });

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Options_set_in_code_are_named_under_the_Shopify_section()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(o =>
        {
            o.ClientId = "id";
            o.ClientSecret = "secret";
        }).AddAspNetCore(o => o.SessionTokenPath = "bounce");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Shopify:SessionTokenPath", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        values["Shopify:ClientId"] = "client-id";
        values["Shopify:ClientSecret"] = "client-secret";
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Shopify");
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(section).AddAspNetCore(section);
        return services.BuildServiceProvider();
    }
}
