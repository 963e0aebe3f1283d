using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shopify.DualAuth.Verification;

namespace Shopify.DualAuth.Tests;

public class ShopifyDualAuthServiceCollectionExtensionsTests
{
    private const string Secret = "shpss_zq9CurrentSecretValue";

    private static IConfigurationRoot Configuration(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Binds_every_option_from_a_configuration_section()
    {
        var configuration = Configuration(
            ("Shopify:ClientId", "client-id-123"),
            ("Shopify:ClientSecret", Secret),
            ("Shopify:PreviousClientSecrets:0", "old-secret-1"),
            ("Shopify:PreviousClientSecrets:1", "old-secret-2"),
            ("Shopify:Scopes", "write_products,read_orders"),
            ("Shopify:ExpiringOfflineTokens", "false"),
            ("Shopify:RefreshBeforeExpiry", "00:10:00"),
            ("Shopify:ClockSkew", "00:00:30"),
            ("Shopify:RequestMaxAge", "00:02:00"));

        using var provider = Build(s => s.AddShopifyDualAuth(configuration.GetSection("Shopify")));
        var options = provider.GetRequiredService<IOptions<ShopifyAppOptions>>().Value;

        Assert.Equal("client-id-123", options.ClientId);
        Assert.Equal(Secret, options.ClientSecret);
        Assert.Equal(["old-secret-1", "old-secret-2"], options.PreviousClientSecrets);
        Assert.Equal("write_products,read_orders", options.Scopes);
        Assert.False(options.ExpiringOfflineTokens);
        Assert.Equal(TimeSpan.FromMinutes(10), options.RefreshBeforeExpiry);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClockSkew);
        Assert.Equal(TimeSpan.FromMinutes(2), options.RequestMaxAge);
    }

    [Fact]
    public void Unset_keys_keep_their_defaults()
    {
        var configuration = Configuration(("Shopify:ClientId", "id"), ("Shopify:ClientSecret", Secret));

        using var provider = Build(s => s.AddShopifyDualAuth(configuration.GetSection("Shopify")));
        var options = provider.GetRequiredService<IOptions<ShopifyAppOptions>>().Value;

        Assert.Empty(options.PreviousClientSecrets);
        Assert.True(options.ExpiringOfflineTokens);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RefreshBeforeExpiry);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ClockSkew);
        Assert.Equal(TimeSpan.FromSeconds(90), options.RequestMaxAge);
    }

    [Fact]
    public void Binding_goes_through_the_configuration_binding_source_generator()
    {
        // EnableConfigurationBindingGenerator intercepts the library's Bind call with generated,
        // reflection-free code (the library is marked AOT-compatible). If the generator stopped
        // intercepting it, its generated type would disappear from the assembly.
        var generated = typeof(ShopifyAppOptions).Assembly.GetTypes()
            .Where(t => t.Namespace == "Microsoft.Extensions.Configuration.Binder.SourceGeneration");

        Assert.NotEmpty(generated);
    }

    [Fact]
    public void Reloaded_configuration_reaches_the_options_monitor()
    {
        var configuration = Configuration(("Shopify:ClientId", "id"), ("Shopify:ClientSecret", Secret));
        using var provider = Build(s => s.AddShopifyDualAuth(configuration.GetSection("Shopify")));
        var monitor = provider.GetRequiredService<IOptionsMonitor<ShopifyAppOptions>>();
        Assert.Empty(monitor.CurrentValue.PreviousClientSecrets);

        configuration["Shopify:ClientSecret"] = "new-secret";
        configuration["Shopify:PreviousClientSecrets:0"] = Secret;
        configuration.Reload();

        Assert.Equal("new-secret", monitor.CurrentValue.ClientSecret);
        Assert.Equal([Secret], monitor.CurrentValue.PreviousClientSecrets);
    }

    [Fact]
    public void Invalid_configuration_fails_at_start_naming_the_key_under_its_section_path()
    {
        var configuration = Configuration(
            ("Apps:Shopify:ClientId", "id"),
            ("Apps:Shopify:ClientSecret", " " + Secret),
            ("Apps:Shopify:RequestMaxAge", "00:00:00"));

        using var provider = Build(s => s.AddShopifyDualAuth(configuration.GetSection("Apps:Shopify")));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Apps:Shopify:ClientSecret has leading or trailing whitespace", error.Message, StringComparison.Ordinal);
        Assert.Contains("Apps:Shopify:RequestMaxAge", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("zq9", error.Message, StringComparison.Ordinal);

        var onResolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ShopifyAppOptions>>().Value);
        Assert.Contains("Apps:Shopify:ClientSecret", onResolve.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("zq9", onResolve.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_section_fails_at_start_naming_both_credentials()
    {
        using var provider = Build(s => s.AddShopifyDualAuth(Configuration().GetSection("Shopify")));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Shopify:ClientId is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Shopify:ClientSecret is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bound_from_the_configuration_root_are_named_by_their_root_keys()
    {
        var configuration = Configuration(("ClientSecret", Secret));

        using var provider = Build(s => s.AddShopifyDualAuth(configuration));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.StartsWith("ClientId is missing", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_can_be_set_in_code()
    {
        using var provider = Build(s => s.AddShopifyDualAuth(o =>
        {
            o.ClientId = "client-id-123";
            o.ClientSecret = Secret;
            o.PreviousClientSecrets.Add("old-secret");
            o.ClockSkew = TimeSpan.FromSeconds(5);
        }));

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<ShopifyAppOptions>>().Value;
        Assert.Equal("client-id-123", options.ClientId);
        Assert.Equal(["old-secret"], options.PreviousClientSecrets);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ClockSkew);
    }

    [Fact]
    public void Options_set_in_code_are_validated_at_start()
    {
        using var provider = Build(s => s.AddShopifyDualAuth(o => o.ClientSecret = Secret));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.StartsWith("Shopify:ClientId is missing", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Verifier_and_validator_are_singletons()
    {
        using var provider = Build(s => s.AddShopifyDualAuth(Valid));
        using var scope = provider.CreateScope();

        var verifier = provider.GetRequiredService<ShopifyRequestVerifier>();
        var validator = provider.GetRequiredService<SessionTokenValidator>();

        Assert.Same(verifier, provider.GetRequiredService<ShopifyRequestVerifier>());
        Assert.Same(verifier, scope.ServiceProvider.GetRequiredService<ShopifyRequestVerifier>());
        Assert.Same(validator, provider.GetRequiredService<SessionTokenValidator>());
        Assert.Same(validator, scope.ServiceProvider.GetRequiredService<SessionTokenValidator>());
    }

    [Fact]
    public void Services_resolve_when_the_app_also_registers_the_options_object_itself()
    {
        // Both services have a second constructor taking ShopifyAppOptions; registering the options
        // object must not make constructor selection ambiguous.
        using var provider = Build(s =>
        {
            s.AddShopifyDualAuth(Valid);
            s.AddSingleton(sp => sp.GetRequiredService<IOptions<ShopifyAppOptions>>().Value);
        });

        Assert.NotNull(provider.GetRequiredService<ShopifyRequestVerifier>());
        Assert.NotNull(provider.GetRequiredService<SessionTokenValidator>());
    }

    [Fact]
    public void A_registered_TimeProvider_is_kept_and_the_system_clock_is_the_fallback()
    {
        var fake = new FakeTimeProvider();
        using (var provider = Build(s =>
        {
            s.AddSingleton<TimeProvider>(fake);
            s.AddShopifyDualAuth(Valid);
        }))
        {
            Assert.Same(fake, provider.GetRequiredService<TimeProvider>());
            Assert.Single(provider.GetServices<TimeProvider>());
        }

        using (var provider = Build(s => s.AddShopifyDualAuth(Valid)))
        {
            Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        }
    }

    [Fact]
    public void Registering_twice_adds_one_validator_and_one_of_each_service()
    {
        var services = new ServiceCollection();
        services.AddShopifyDualAuth(Valid);
        services.AddShopifyDualAuth(Valid);

        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ShopifyAppOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(ShopifyRequestVerifier));
        Assert.Single(services, d => d.ServiceType == typeof(SessionTokenValidator));
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
    }

    [Fact]
    public void Builder_exposes_the_same_service_collection()
    {
        var services = new ServiceCollection();

        var builder = services.AddShopifyDualAuth(Valid);

        Assert.Same(services, builder.Services);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>(() => services.AddShopifyDualAuth((IConfiguration)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddShopifyDualAuth((Action<ShopifyAppOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddShopifyDualAuth(Valid));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddShopifyDualAuth(Configuration()));
    }

    private static void Valid(ShopifyAppOptions options)
    {
        options.ClientId = "client-id-123";
        options.ClientSecret = Secret;
    }
}
