namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>
/// Creates and retires tokens following Shopify's documented rules. Every method runs under the state
/// gate; every method but <see cref="Rotate"/> is an acquisition and counts as one.
/// </summary>
internal sealed class TokenIssuer(EmulatorState state)
{
    public AccessTokenRecord IssueOnline(EmulatedShop shop, EmulatedUser user)
    {
        var now = state.Now;
        shop.TokenState.Acquisitions++;
        return Register(new AccessTokenRecord
        {
            Token = state.Generator.Token("shpua_"),
            Shop = shop.Domain,
            Kind = EmulatedTokenKind.Online,
            Scopes = shop.GrantedScopesUnlocked,
            IssuedAt = now,
            ExpiresAt = now + TokenLifetimes.Online,
            User = user,
            UserScopes = UserScopes.Allowed(shop.GrantedScopesUnlocked, user),
        });
    }

    /// <summary>Non-expiring offline tokens are re-issued unchanged for the same installation (protocol §3.5).</summary>
    public AccessTokenRecord IssueNonExpiring(EmulatedShop shop)
    {
        var now = state.Now;
        var tokens = shop.TokenState;
        tokens.Acquisitions++;
        if (tokens.NonExpiring is { } existing && existing.IsActive(now))
        {
            existing.Scopes = shop.GrantedScopesUnlocked;
        }
        else
        {
            tokens.NonExpiring = Register(new AccessTokenRecord
            {
                Token = state.Generator.Token("shpat_"),
                Shop = shop.Domain,
                Kind = EmulatedTokenKind.OfflineNonExpiring,
                Scopes = shop.GrantedScopesUnlocked,
                IssuedAt = now,
            });
        }

        tokens.LatestOffline = tokens.NonExpiring;
        return tokens.NonExpiring;
    }

    /// <summary>
    /// A new expiring offline token starts a new chain, which retires every older chain's refresh
    /// tokens at once (their access tokens live out their expiry) and replaces a non-expiring token.
    /// </summary>
    public IssuedPair StartChain(EmulatedShop shop)
    {
        var tokens = shop.TokenState;
        tokens.Acquisitions++;
        tokens.CurrentChainId = state.NextChainId();
        tokens.UsesExpiringOffline = true;
        if (tokens.NonExpiring is { } legacy)
        {
            legacy.Revoked = true;
            tokens.NonExpiring = null;
        }

        return IssuePair(shop, tokens.CurrentChainId.Value);
    }

    /// <summary>The first use of <paramref name="used"/>: a new access token and a new refresh token.</summary>
    public IssuedPair Rotate(EmulatedShop shop, RefreshTokenRecord used)
    {
        var pair = IssuePair(shop, used.ChainId);
        used.FirstUsedAt = state.Now;
        used.Successor = pair;
        return pair;
    }

    public AccessTokenRecord IssueClientCredentials(EmulatedShop shop)
    {
        var now = state.Now;
        shop.TokenState.Acquisitions++;
        return Register(new AccessTokenRecord
        {
            Token = state.Generator.Token("shpat_"),
            Shop = shop.Domain,
            Kind = EmulatedTokenKind.ClientCredentials,
            Scopes = shop.GrantedScopesUnlocked,
            IssuedAt = now,
            ExpiresAt = now + TokenLifetimes.ClientCredentials,
        });
    }

    /// <summary>Uninstall: every token of the shop stops working and pending codes are dropped.</summary>
    public void RevokeAll(EmulatedShop shop)
    {
        foreach (var token in state.AccessTokens.Values.Where(t => t.Shop == shop.Domain))
        {
            token.Revoked = true;
        }

        foreach (var code in state.Codes.Where(c => c.Value.Shop == shop.Domain).Select(c => c.Key).ToList())
        {
            state.Codes.Remove(code);
        }

        shop.TokenState.Reset();
    }

    private IssuedPair IssuePair(EmulatedShop shop, long chainId)
    {
        var now = state.Now;
        var access = Register(new AccessTokenRecord
        {
            Token = state.Generator.Token("shpat_"),
            Shop = shop.Domain,
            Kind = EmulatedTokenKind.OfflineExpiring,
            Scopes = shop.GrantedScopesUnlocked,
            IssuedAt = now,
            ExpiresAt = now + TokenLifetimes.ExpiringOfflineAccess,
        });
        var refresh = new RefreshTokenRecord
        {
            Token = state.Generator.Token("shprt_"),
            Shop = shop.Domain,
            ChainId = chainId,
            ExpiresAt = now + TokenLifetimes.RefreshToken,
        };
        state.RefreshTokens.Add(refresh.Token, refresh);
        shop.TokenState.LatestOffline = access;
        shop.TokenState.LatestRefresh = refresh;
        return new IssuedPair(access, refresh);
    }

    private AccessTokenRecord Register(AccessTokenRecord record)
    {
        state.AccessTokens.Add(record.Token, record);
        return record;
    }
}
