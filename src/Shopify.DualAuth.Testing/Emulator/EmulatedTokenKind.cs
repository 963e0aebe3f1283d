namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>The kinds of access token the emulator issues.</summary>
public enum EmulatedTokenKind
{
    /// <summary>A legacy offline token without expiry (<c>expiring=0</c>).</summary>
    OfflineNonExpiring,

    /// <summary>An offline token that expires after an hour and comes with a refresh token (<c>expiring=1</c>).</summary>
    OfflineExpiring,

    /// <summary>A per-user online token (<c>shpua_</c>), valid about 24 hours.</summary>
    Online,

    /// <summary>A client-credentials token, valid about 24 hours, without refresh.</summary>
    ClientCredentials,
}
