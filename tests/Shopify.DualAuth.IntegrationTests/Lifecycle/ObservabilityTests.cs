using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shopify.DualAuth.OAuth;
using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.IntegrationTests.Lifecycle;

/// <summary>Logs, metrics and activities: informative, and never a token.</summary>
public sealed class ObservabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_log_record_ever_holds_a_token_code_session_token_or_secret()
    {
        await using var rig = LifecycleRig.Create(retry: options => options.MaxRetryAttempts = 0);
        var secrets = new List<string> { LifecycleRig.ClientSecret };

        // Every path that logs: install, code grant (and its replay), online exchange, refresh with a
        // retried fault, postponed refresh, rejection, uninstall.
        var sessionToken = rig.SessionToken();
        secrets.Add(sessionToken.RawToken);
        var installed = await rig.Tokens.InstallAsync(sessionToken, Ct);
        var code = await AuthorizeAsync(rig);
        secrets.Add(code);
        var granted = await rig.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct);
        await rig.Tokens.CompleteAuthorizationAsync(rig.Domain, code, Ct);
        var staffSession = rig.SessionToken(LifecycleRig.StaffId);
        secrets.Add(staffSession.RawToken);
        var staff = await rig.Tokens.GetOnlineTokenAsync(staffSession, Ct);
        rig.Time.Advance(TimeSpan.FromMinutes(56));
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.UnknownError, EmulatorGrant.RefreshToken);
        var refreshed = await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        rig.Time.Advance(TimeSpan.FromMinutes(56));
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 3, EmulatorFault.InternalServerError, EmulatorGrant.RefreshToken);
        await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        rig.Emulator.UninstallApp(rig.Domain);
        var rejection = await Assert.ThrowsAsync<ShopReauthorizationRequiredException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
        await rig.Tokens.UninstallAsync(rig.Domain, Ct);
        var notInstalled = await Assert.ThrowsAsync<ShopNotInstalledException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));

        foreach (var token in new[] { installed.Offline, granted.Offline!, refreshed })
        {
            secrets.Add(token.AccessToken);
            secrets.Add(token.RefreshToken!);
        }

        secrets.AddRange([installed.Online.AccessToken, staff.AccessToken]);
        secrets.AddRange(rig.App.Gate.SentRefreshTokens);
        secrets.AddRange(rig.App.Gate.SentSubjectTokens);

        var records = rig.App.Logs.GetSnapshot();
        string[] expected = ["ShopInstalled", "AuthorizationCompleted", "AuthorizationCodeReplayed", "OnlineTokenExchanged", "OfflineTokenRenewalRetrying", "OfflineTokenRefreshed", "OfflineTokenRenewalPostponed", "ShopReauthorizationRequired", "ShopUninstalled"];
        Assert.All(expected, name => Assert.Contains(records, r => r.Id.Name == name));
        var texts = records.SelectMany(r => new[] { r.Message, r.Exception?.ToString() ?? string.Empty }
                .Concat(r.StructuredState?.Select(kv => kv.Value ?? string.Empty) ?? []))
            .Concat([rejection.ToString(), notInstalled.ToString()])
            .ToList();
        foreach (var secret in secrets.Distinct())
        {
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Counters_record_exchanges_refreshes_migrations_failures_and_cache_use()
    {
        await using var rig = LifecycleRig.Create(retry: options => options.MaxRetryAttempts = 0);
        using var exchanges = rig.App.Collect("shopify.dualauth.exchanges");
        using var refreshes = rig.App.Collect("shopify.dualauth.refreshes");
        using var migrations = rig.App.Collect("shopify.dualauth.migrations");
        using var failures = rig.App.Collect("shopify.dualauth.failures");

        await rig.Tokens.InstallAsync(rig.SessionToken(), Ct);
        rig.Time.Advance(TimeSpan.FromMinutes(56));
        rig.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, EmulatorFault.InternalServerError, EmulatorGrant.RefreshToken);
        await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);
        rig.Emulator.UninstallApp(rig.Domain);
        rig.Time.Advance(TimeSpan.FromMinutes(56));
        await Assert.ThrowsAsync<ShopReauthorizationRequiredException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));
        await rig.Tokens.UninstallAsync(rig.Domain, Ct);
        await Assert.ThrowsAsync<ShopNotInstalledException>(async () => await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct));

        Assert.Equal(
            ["offline/token_exchange", "online/token_exchange"],
            exchanges.GetMeasurementSnapshot().Select(m => $"{m.Tags["shopify.token.kind"]}/{m.Tags["shopify.grant"]}").Order(StringComparer.Ordinal));
        Assert.Equal(["rotated"], refreshes.GetMeasurementSnapshot().Select(m => (string)m.Tags["shopify.outcome"]!));
        Assert.Empty(migrations.GetMeasurementSnapshot());
        Assert.Equal(
            ["offline_token/not_installed", "offline_token/reauthorization_required", "refresh/refresh_token_rejected", "refresh/transient"],
            failures.GetMeasurementSnapshot().Select(m => $"{m.Tags["shopify.operation"]}/{m.Tags["error.type"]}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_migration_is_counted()
    {
        await using var rig = LifecycleRig.Create();
        using var migrations = rig.App.Collect("shopify.dualauth.migrations");
        await rig.Store.SaveOfflineTokenAsync(new OfflineToken(rig.Domain, rig.Emulator.Tokens.IssueNonExpiringOfflineToken(rig.Domain), ScopeSet.Parse(LifecycleRig.RequiredScopes)), Ct);

        await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        Assert.Equal(1, migrations.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Renewals_and_installs_are_traced_with_the_shop()
    {
        await using var rig = LifecycleRig.Create();
        var started = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ShopifyTokens.TelemetryName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (started)
                {
                    started.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await rig.Tokens.InstallAsync(rig.SessionToken(), Ct);
        rig.Time.Advance(TimeSpan.FromMinutes(56));
        await rig.Tokens.GetOfflineTokenAsync(rig.Domain, Ct);

        lock (started)
        {
            var ours = started.Where(a => (string?)a.GetTagItem("shopify.shop") == rig.Domain.Value).Select(a => a.OperationName).ToList();
            Assert.Contains("Install", ours);
            Assert.Contains("ExchangeOnlineToken", ours);
            Assert.Contains("RenewOfflineToken", ours);
        }
    }

    private static async Task<string> AuthorizeAsync(LifecycleRig rig)
    {
        var client = rig.App.Services.GetRequiredService<ShopifyOAuthClient>();
        using var browser = rig.Emulator.CreateHttpClient();
        using var response = await browser.GetAsync(client.BuildAuthorizeUrl(rig.Domain, AccessMode.Offline, new Uri("https://app.example.com/auth/callback"), "state" + Guid.NewGuid().ToString("N")), Ct);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return response.Headers.Location!.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == "code")[1];
    }
}
