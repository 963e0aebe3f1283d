using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>Legacy non-expiring offline tokens move to expiring ones without the merchant (the 2027-01-01 deadline).</summary>
public sealed class MigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<OfflineToken> StoreLegacyAsync(LifecycleRig rig)
    {
        var legacy = new OfflineToken(rig.Domain, rig.Emulator.Tokens.IssueNonExpiringOfflineToken(rig.Domain), ScopeSet.Parse(LifecycleRig.RequiredScopes));
        await rig.Store.SaveOfflineTokenAsync(legacy, Ct);
        return legacy;
    }

    [Fact]
    public async Task A_legacy_token_is_migrated_once_and_the_expiring_one_is_used_from_then_on()
    {
        await using var rig = LifecycleRig.Create();
        var legacy = await StoreLegacyAsync(rig);

        var migrated = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        var again = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        Assert.True(migrated.IsExpiring);
        Assert.Equal(migrated, again);
        Assert.Equal(migrated, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
        Assert.False(rig.Emulator.Tokens.IsActive(legacy.AccessToken));
        Assert.True(rig.Emulator.Tokens.IsActive(migrated.AccessToken));
        Assert.Equal(migrated.RefreshToken, rig.Emulator.Tokens.GetRefreshToken(rig.Domain));

        // And the migrated chain refreshes like any other.
        rig.Time.Advance(TimeSpan.FromMinutes(57));
        var refreshed = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        Assert.True(rig.Emulator.Tokens.IsActive(refreshed.AccessToken));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.RefreshToken));
    }

    [Fact]
    public async Task A_lost_migration_answer_is_recovered_by_retrying_with_the_same_legacy_token()
    {
        await using var rig = LifecycleRig.Create(retry: options => options.MaxRetryAttempts = 0);
        var legacy = await StoreLegacyAsync(rig);
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.LostAnswer, EmulatorGrant.Migration);

        var migrated = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        Assert.Equal(2, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
        Assert.Equal(1, rig.Emulator.Counters.Succeeded(EmulatorGrant.Migration));
        Assert.Equal([legacy.AccessToken, legacy.AccessToken], rig.App.Gate.SentSubjectTokens);
        Assert.Equal(rig.Emulator.Tokens.GetRefreshToken(rig.Domain), migrated.RefreshToken);
        Assert.Equal(migrated, await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct));
    }

    [Fact]
    public async Task With_expiring_tokens_off_a_legacy_token_is_used_as_it_is()
    {
        await using var rig = LifecycleRig.Create(app: options => options.ExpiringOfflineTokens = false);
        var legacy = await StoreLegacyAsync(rig);

        Assert.Equal(legacy, await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Empty(rig.Emulator.Requests);
    }

    [Fact]
    public async Task A_legacy_token_Shopify_no_longer_accepts_marks_the_shop()
    {
        await using var rig = LifecycleRig.Create();
        await StoreLegacyAsync(rig);
        rig.Emulator.UninstallApp(rig.Domain);

        var error = await Assert.ThrowsAsync<ShopReauthorizationRequiredException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));

        Assert.Equal(ReauthorizationReason.MigrationRejected, error.Reason);
        Assert.True((await rig.Store.GetOfflineTokenAsync(rig.Domain, Ct))!.RequiresReauthorization);
        await Assert.ThrowsAsync<ShopReauthorizationRequiredException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
        Assert.Equal(1, rig.Emulator.Counters.Calls(EmulatorGrant.Migration));
    }
}
