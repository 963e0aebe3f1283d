namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

public sealed class ScopeCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scopes_granted_at_install_cover_the_required_ones()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();

        var check = await rig.Tokens.CheckScopesAsync(rig.Domain, Ct);

        Assert.False(check.RequiresReauthorization);
        Assert.Empty(check.Missing);
        Assert.Equal(ScopeSet.Parse(LifecycleRig.RequiredScopes), check.Required);
        Assert.Empty(rig.Emulator.Requests);
    }

    [Fact]
    public async Task Reduced_scopes_are_reported_missing_while_the_token_keeps_working()
    {
        await using var rig = LifecycleRig.Create();
        var installed = await rig.InstallAsync();

        // As app/scopes_update would record it: write_orders still implies read_orders, read_customers is gone.
        await rig.Store.UpdateScopesAsync(rig.Domain, ScopeSet.Parse("write_orders"), Ct);
        var check = await rig.Tokens.CheckScopesAsync(rig.Domain, Ct);

        Assert.True(check.RequiresReauthorization);
        Assert.Equal(ScopeSet.Parse("read_customers"), check.Missing);
        Assert.Equal(ScopeSet.Parse("write_orders"), check.Granted);
        Assert.Equal(installed.Offline.AccessToken, (await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct)).AccessToken);
        Assert.Contains(rig.App.Logs.GetSnapshot(), r => r.Id.Name == "ShopScopesMissing" && r.Message.Contains("read_customers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_shop_without_a_token_is_not_installed()
    {
        await using var rig = LifecycleRig.Create();

        var error = await Assert.ThrowsAsync<ShopNotInstalledException>(async () => await rig.Tokens.CheckScopesAsync(rig.Domain, Ct));

        Assert.Equal(rig.Domain, error.Shop);
    }
}
