using Shopify.DualAuth.Testing.Emulator;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

public sealed class OfflineTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_valid_token_is_returned_without_a_refresh()
    {
        await using var rig = LifecycleRig.Create();
        var installed = await rig.InstallAsync();

        // 54 minutes in: six minutes left, more than RefreshBeforeExpiry (5).
        rig.Time.Advance(TimeSpan.FromMinutes(54));
        var token = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        Assert.Equal(installed.Offline, token);
        Assert.Equal(0, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
    }

    [Fact]
    public async Task A_token_within_RefreshBeforeExpiry_is_refreshed_once_and_stored()
    {
        await using var rig = LifecycleRig.Create();
        var installed = await rig.InstallAsync();
        rig.Time.Advance(TimeSpan.FromMinutes(56));

        var refreshed = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        var again = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        Assert.NotEqual(installed.Offline.AccessToken, refreshed.AccessToken);
        Assert.NotEqual(installed.Offline.RefreshToken, refreshed.RefreshToken);
        Assert.True(refreshed.IsValidFor(rig.Time.GetUtcNow(), TimeSpan.FromMinutes(55)));
        Assert.Equal(refreshed, again);
        Assert.Equal(refreshed, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.True(rig.Emulator.Tokens.IsActive(refreshed.AccessToken));
        Assert.Equal(refreshed.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));
    }

    [Fact]
    public async Task A_chain_of_refreshes_keeps_a_shop_alive_for_days()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();

        for (var hour = 0; hour < 48; hour++)
        {
            rig.Time.Advance(TimeSpan.FromMinutes(58));
            var token = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
            Assert.True(rig.Emulator.Tokens.IsActive(token.AccessToken));
        }

        Assert.Equal(48, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
        Assert.Equal(48, rig.Emulator.Counters.Succeeded(EmulatorGrant.RefreshToken));
    }

    [Fact]
    public async Task Uninstall_then_GetOfflineToken_fails_fast_without_calling_Shopify()
    {
        await using var rig = LifecycleRig.Create();
        await rig.InstallAsync();
        await rig.Tokens.UninstallAsync(rig.Domain, Ct);
        rig.Time.Advance(TimeSpan.FromHours(2));

        var error = await Assert.ThrowsAsync<ShopNotInstalledException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));

        Assert.Equal(rig.Domain, error.Shop);
        Assert.Contains(rig.Domain.Value, error.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Emulator.Requests);
        Assert.Null(await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Null(await rig.Store.GetOnlineTokenAsync(rig.Domain, LifecycleRig.OwnerId, Ct));
    }
}
