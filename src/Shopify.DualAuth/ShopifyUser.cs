namespace Shopify.DualAuth;

/// <summary>
/// The staff user an online token belongs to, as Shopify describes them in <c>associated_user</c>.
/// </summary>
/// <param name="Id">Shopify's stable user ID (64-bit: real IDs exceed 2^31).</param>
/// <param name="FirstName">The user's first name.</param>
/// <param name="LastName">The user's last name.</param>
/// <param name="Email">The user's email. Trust it as identity only when <paramref name="EmailVerified"/> is true.</param>
/// <param name="EmailVerified">Whether Shopify verified <paramref name="Email"/>.</param>
/// <param name="AccountOwner">Whether the user owns the shop's account.</param>
/// <param name="Locale">The user's locale, for example <c>en</c> or <c>pt-BR</c>.</param>
/// <param name="Collaborator">Whether the user is a collaborator rather than staff.</param>
public sealed record ShopifyUser(
    long Id,
    string FirstName,
    string LastName,
    string Email,
    bool EmailVerified,
    bool AccountOwner,
    string Locale,
    bool Collaborator)
{
    /// <summary>First and last name joined, for greetings.</summary>
    public string DisplayName => string.Join(' ', new[] { FirstName, LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>Describes the user by ID and flags; the email (personal data) is left out of logs.</summary>
    /// <returns>A log-safe description.</returns>
    public override string ToString()
        => $"ShopifyUser {{ Id = {Id}, AccountOwner = {AccountOwner}, Collaborator = {Collaborator}, Locale = {Locale} }}";
}
