namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>
/// Everything the emulated Shopify remembers. One gate guards all of it: requests are short and
/// synchronous once parsed, and a single lock makes every rotation rule trivially atomic.
/// </summary>
internal sealed class EmulatorState
{
    private long _lastChainId;
    private long _lastShopId = 548_380_000;

    public EmulatorState(ShopifyEmulatorOptions options)
    {
        ClientId = options.ClientId;
        ClientSecret = options.ClientSecret;
        AllowedRedirectUris = [.. options.AllowedRedirectUris];
        Time = options.TimeProvider;
        Generator = new TokenGenerator(options.RandomSeed);
        Issuer = new TokenIssuer(this);
    }

    public Lock Gate { get; } = new();

    public string ClientId { get; }

    public string ClientSecret { get; }

    public IReadOnlyList<Uri> AllowedRedirectUris { get; }

    public TimeProvider Time { get; }

    public TokenGenerator Generator { get; }

    public TokenIssuer Issuer { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public Dictionary<ShopDomain, EmulatedShop> Shops { get; } = [];

    public Dictionary<string, AccessTokenRecord> AccessTokens { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RefreshTokenRecord> RefreshTokens { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AuthorizationCode> Codes { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>sid</c> of each staff user's admin session, stable for the emulator's life.</summary>
    public Dictionary<(ShopDomain Shop, long UserId), string> SessionIds { get; } = [];

    public long NextChainId() => Interlocked.Increment(ref _lastChainId);

    public long NextShopId() => Interlocked.Increment(ref _lastShopId);

    public EmulatedShop? FindShop(ShopDomain shop) => Shops.GetValueOrDefault(shop);
}
