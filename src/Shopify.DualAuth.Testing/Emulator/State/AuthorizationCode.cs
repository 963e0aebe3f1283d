namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>A code the authorize endpoint handed out; single use.</summary>
internal sealed class AuthorizationCode
{
    public required string Code { get; init; }

    public required ShopDomain Shop { get; init; }

    /// <summary>Issued for <c>grant_options[]=per-user</c>.</summary>
    public required bool Online { get; init; }

    public required EmulatedUser User { get; init; }

    public bool Used { get; set; }
}
