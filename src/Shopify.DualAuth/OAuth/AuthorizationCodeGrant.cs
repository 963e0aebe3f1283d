using System.Diagnostics.CodeAnalysis;

namespace Shopify.DualAuth.OAuth;

/// <summary>
/// The token one authorization code produced. A code yields exactly one token, whose kind was chosen
/// on the authorize URL (<see cref="AccessMode"/>): Shopify answers with an online token when it
/// includes <c>associated_user</c>, and with the shop's offline token otherwise.
/// </summary>
public sealed class AuthorizationCodeGrant
{
    /// <summary>Wraps the offline token an offline authorization produced.</summary>
    /// <param name="offline">The shop's offline token.</param>
    public AuthorizationCodeGrant(OfflineToken offline)
    {
        ArgumentNullException.ThrowIfNull(offline);
        Offline = offline;
    }

    /// <summary>Wraps the online token a per-user authorization produced.</summary>
    /// <param name="online">The user's online token.</param>
    public AuthorizationCodeGrant(OnlineToken online)
    {
        ArgumentNullException.ThrowIfNull(online);
        Online = online;
    }

    /// <summary>The kind of token the code produced.</summary>
    public AccessMode AccessMode => Online is null ? AccessMode.Offline : AccessMode.Online;

    /// <summary>Whether the code produced an online token (<see cref="Online"/> is set) rather than an offline one.</summary>
    [MemberNotNullWhen(true, nameof(Online))]
    [MemberNotNullWhen(false, nameof(Offline))]
    public bool IsOnline => Online is not null;

    /// <summary>The shop's offline token, when the authorization was offline.</summary>
    public OfflineToken? Offline { get; }

    /// <summary>The user's online token, when the authorization was per-user.</summary>
    public OnlineToken? Online { get; }

    /// <summary>The shop the token is for.</summary>
    public ShopDomain Shop => IsOnline ? Online.Shop : Offline.Shop;

    /// <summary>The scopes granted to the installation; check them against what the app requires.</summary>
    public ScopeSet Scopes => IsOnline ? Online.Scopes : Offline.Scopes;

    /// <summary>Describes the grant without revealing the token.</summary>
    /// <returns>The redacted description of the token it holds.</returns>
    public override string ToString() => $"AuthorizationCodeGrant {{ {(IsOnline ? Online.ToString() : Offline.ToString())} }}";
}
