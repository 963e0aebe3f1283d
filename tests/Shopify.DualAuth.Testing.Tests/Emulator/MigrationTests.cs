using System.Net;
using System.Text.Json;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class MigrationTests
{
    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Migration_revokes_the_legacy_token_and_a_retry_recovers_the_same_pair(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var legacy = h.Emulator.Tokens.IssueNonExpiringOfflineToken(h.Domain);
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(legacy));

        var pair = await Harness.OkJsonAsync(await h.PostTokenAsync(Migrate(legacy), BodyFormat.Json));

        Assert.Equal(["access_token", "scope", "expires_in", "refresh_token", "refresh_token_expires_in"], Harness.PropertyNames(pair));
        Assert.Equal(HttpStatusCode.Unauthorized, await h.GraphQLStatusAsync(legacy));
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(Access(pair)));

        h.Time.Advance(TimeSpan.FromDays(6));
        var recovered = await Harness.OkJsonAsync(await h.PostTokenAsync(Migrate(legacy)));
        Assert.Equal(Access(pair), Access(recovered));
        Assert.Equal(Refresh(pair), Refresh(recovered));
        Assert.Equal(3600, recovered.GetProperty("expires_in").GetInt32());
        Assert.Equal(7776000 - (int)TimeSpan.FromDays(6).TotalSeconds, recovered.GetProperty("refresh_token_expires_in").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, await h.GraphQLStatusAsync(legacy));

        h.Time.Advance(TimeSpan.FromDays(1));
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Migrate(legacy)), HttpStatusCode.BadRequest, "invalid_subject_token");
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Recovery_ends_once_the_pair_is_refreshed(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var legacy = h.Emulator.Tokens.IssueNonExpiringOfflineToken(h.Domain);
        var pair = await Harness.OkJsonAsync(await h.PostTokenAsync(Migrate(legacy)));

        await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(pair)));

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Migrate(legacy)), HttpStatusCode.BadRequest, "invalid_subject_token");
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Recovery_ends_with_another_acquisition(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var legacy = h.Emulator.Tokens.IssueNonExpiringOfflineToken(h.Domain);
        await Harness.OkJsonAsync(await h.PostTokenAsync(Migrate(legacy)));

        await h.ExchangeAsync(online: true);

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Migrate(legacy)), HttpStatusCode.BadRequest, "invalid_subject_token");
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Migration_requires_expiring_1_and_is_one_way(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var legacy = h.Emulator.Tokens.IssueNonExpiringOfflineToken(h.Domain);
        var withoutExpiring = Migrate(legacy);
        withoutExpiring.RemoveAll(f => f.Key == "expiring");

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(withoutExpiring), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(legacy));

        await Harness.OkJsonAsync(await h.PostTokenAsync(Migrate(legacy)));
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("code", await h.AuthorizeForCodeAsync()))), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Throws<InvalidOperationException>(() => h.Emulator.Tokens.IssueNonExpiringOfflineToken(h.Domain));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Only_the_shops_own_legacy_token_migrates(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        h.Emulator.Tokens.IssueNonExpiringOfflineToken(h.Domain);

        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Migrate("shpat_00000000000000000000000000000000")), HttpStatusCode.BadRequest, "invalid_subject_token");
    }

    private static List<KeyValuePair<string, object>> Migrate(string legacy)
        => Harness.Fields(
            ("grant_type", Harness.TokenExchange),
            ("subject_token", legacy),
            ("subject_token_type", Harness.OfflineTokenType),
            ("requested_token_type", Harness.OfflineTokenType),
            ("expiring", "1"));

    private static string Access(JsonElement token) => token.GetProperty("access_token").GetString()!;

    private static string Refresh(JsonElement token) => token.GetProperty("refresh_token").GetString()!;
}
