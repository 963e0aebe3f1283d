using System.Net;
using System.Text.Json;

namespace Shopify.DualAuth.Testing.Tests.Emulator;

public class RefreshTests
{
    private const string Inactive = "This request requires an active refresh_token";

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task A_refresh_rotates_both_tokens_and_the_old_access_token_lives_out_its_hour(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var first = await h.ExchangeAsync(online: false);
        h.Time.Advance(TimeSpan.FromMinutes(55));

        var second = await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(first)));

        Assert.Equal(["access_token", "scope", "expires_in", "refresh_token", "refresh_token_expires_in"], Harness.PropertyNames(second));
        Assert.NotEqual(Access(first), Access(second));
        Assert.NotEqual(Refresh(first), Refresh(second));
        Assert.Equal(3600, second.GetProperty("expires_in").GetInt32());
        Assert.Equal(7776000, second.GetProperty("refresh_token_expires_in").GetInt32());
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(Access(first)));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Unauthorized, await h.GraphQLStatusAsync(Access(first)));
        Assert.Equal(HttpStatusCode.OK, await h.GraphQLStatusAsync(Access(second)));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task The_previous_token_replays_the_same_pair_until_the_replacement_is_used(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var first = await h.ExchangeAsync(online: false);
        var second = await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(first)));
        h.Time.Advance(TimeSpan.FromDays(3));

        var replayed = await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(first)));

        Assert.Equal(Access(second), Access(replayed));
        Assert.Equal(Refresh(second), Refresh(replayed));
        Assert.Equal(7776000 - (int)TimeSpan.FromDays(3).TotalSeconds, replayed.GetProperty("refresh_token_expires_in").GetInt32());

        // Using the replacement retires its predecessor.
        var third = await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(second)));
        await Harness.AssertOAuthErrorAsync(await h.RefreshAsync(Refresh(first)), HttpStatusCode.Unauthorized, "invalid_request", Inactive);
        Assert.Equal(Refresh(third), Refresh(await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(second)))));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task The_replay_window_closes_30_days_after_first_use(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var first = await h.ExchangeAsync(online: false);
        var second = await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(first)));

        h.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.True(h.Emulator.Tokens.IsRefreshTokenAlive(Refresh(first)));
        h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(h.Emulator.Tokens.IsRefreshTokenAlive(Refresh(first)));
        await Harness.AssertOAuthErrorAsync(await h.RefreshAsync(Refresh(first)), HttpStatusCode.Unauthorized, "invalid_request", Inactive);
        await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(second)));
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task An_unused_refresh_token_dies_after_90_days(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var first = await h.ExchangeAsync(online: false);

        h.Time.Advance(TimeSpan.FromSeconds(7776000));

        Assert.Null(h.Emulator.Tokens.GetRefreshToken(h.Domain));
        await Harness.AssertOAuthErrorAsync(await h.RefreshAsync(Refresh(first)), HttpStatusCode.Unauthorized, "invalid_request", Inactive);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Unknown_and_missing_refresh_tokens_answer_401(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);

        await Harness.AssertOAuthErrorAsync(await h.RefreshAsync("shprt_00000000000000000000000000000000"), HttpStatusCode.Unauthorized, "invalid_request", Inactive);
        await Harness.AssertOAuthErrorAsync(await h.PostTokenAsync(Harness.Fields(("grant_type", "refresh_token"))), HttpStatusCode.Unauthorized, "invalid_request", Inactive);
    }

    [Theory]
    [MemberData(nameof(Hosts.Both), MemberType = typeof(Hosts))]
    public async Task Concurrent_refreshes_with_one_token_rotate_once(EmulatorHost host)
    {
        await using var h = await Harness.StartAsync(host);
        var first = await h.ExchangeAsync(online: false);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ => await Harness.OkJsonAsync(await h.RefreshAsync(Refresh(first)))));

        Assert.Single(answers.Select(Refresh).Distinct());
        Assert.Single(answers.Select(Access).Distinct());
    }

    private static string Access(JsonElement token) => token.GetProperty("access_token").GetString()!;

    private static string Refresh(JsonElement token) => token.GetProperty("refresh_token").GetString()!;
}
