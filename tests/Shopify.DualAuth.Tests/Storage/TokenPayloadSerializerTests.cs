using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Tests.Storage;

public class TokenPayloadSerializerTests
{
    private static readonly ShopDomain Shop = ShopDomain.Parse("payload.myshopify.com");
    private static readonly ShopDomain OtherShop = ShopDomain.Parse("other.myshopify.com");
    private static readonly ScopeSet Scopes = ScopeSet.Parse("read_orders,write_products");
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static OfflineToken Expiring => new(Shop, "shpat_access", Scopes, Now.AddHours(1), "shprt_refresh", Now.AddDays(90));

    private static OnlineToken Online => new(
        Shop,
        "shpua_access",
        Scopes,
        ScopeSet.Parse("read_orders"),
        Now.AddHours(24),
        new ShopifyUser(9_007_199_254_740_993, "Zoë", "Ørsted 山田", "zoe@example.com", EmailVerified: true, AccountOwner: false, "pt-BR", Collaborator: true));

    [Fact]
    public void Offline_round_trips_expiring_and_legacy_tokens()
    {
        var legacy = new OfflineToken(Shop, "legacy-token", Scopes);

        Assert.Equal(Expiring, TokenPayloadSerializer.DeserializeOffline(TokenPayloadSerializer.SerializeOffline(Expiring), Shop, Scopes, Expiring.ExpiresAt, Expiring.RefreshTokenExpiresAt));
        Assert.Equal(legacy, TokenPayloadSerializer.DeserializeOffline(TokenPayloadSerializer.SerializeOffline(legacy), Shop, Scopes, null, null));
    }

    [Fact]
    public void Online_round_trips_every_user_field()
    {
        var payload = TokenPayloadSerializer.SerializeOnline(Online);

        var read = TokenPayloadSerializer.DeserializeOnline(payload, Shop, Online.User.Id, Online.Scopes, Online.UserScopes, Online.ExpiresAt);

        Assert.Equal(Online, read);
    }

    [Fact]
    public void Payload_of_another_shop_or_user_is_rejected()
    {
        var offline = TokenPayloadSerializer.SerializeOffline(Expiring);
        var online = TokenPayloadSerializer.SerializeOnline(Online);

        Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOffline(offline, OtherShop, Scopes, Expiring.ExpiresAt, Expiring.RefreshTokenExpiresAt));
        Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOnline(online, OtherShop, Online.User.Id, Scopes, Scopes, Now));
        Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOnline(online, Shop, Online.User.Id + 1, Scopes, Scopes, Now));
    }

    [Fact]
    public void Payload_of_the_other_kind_is_rejected()
    {
        Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOnline(TokenPayloadSerializer.SerializeOffline(Expiring), Shop, 1, Scopes, Scopes, Now));
        Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOffline(TokenPayloadSerializer.SerializeOnline(Online), Shop, Scopes, null, null));
    }

    [Fact]
    public void Every_truncation_and_trailing_garbage_is_rejected_without_echoing_the_token()
    {
        var payload = TokenPayloadSerializer.SerializeOffline(Expiring);
        for (var length = 0; length < payload.Length; length++)
        {
            var error = Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOffline(payload.AsSpan(0, length), Shop, Scopes, Expiring.ExpiresAt, Expiring.RefreshTokenExpiresAt));
            Assert.DoesNotContain("shpat_", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOffline([.. payload, 0], Shop, Scopes, Expiring.ExpiresAt, Expiring.RefreshTokenExpiresAt));
    }

    [Fact]
    public void Unknown_version_is_rejected()
    {
        var payload = TokenPayloadSerializer.SerializeOffline(Expiring);
        payload[0] = 2;

        Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOffline(payload, Shop, Scopes, Expiring.ExpiresAt, Expiring.RefreshTokenExpiresAt));
    }

    [Fact]
    public void Refresh_token_disagreeing_with_stored_expiry_is_a_format_error()
    {
        var payload = TokenPayloadSerializer.SerializeOffline(Expiring);

        Assert.Throws<FormatException>(() => TokenPayloadSerializer.DeserializeOffline(payload, Shop, Scopes, null, null));
    }

    [Fact]
    public void Long_strings_use_multi_byte_length_prefixes()
    {
        var token = Expiring with { AccessToken = "shpat_" + new string('x', 70_000) };

        var read = TokenPayloadSerializer.DeserializeOffline(TokenPayloadSerializer.SerializeOffline(token), Shop, Scopes, token.ExpiresAt, token.RefreshTokenExpiresAt);

        Assert.Equal(token.AccessToken, read.AccessToken);
    }
}
