namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>
/// A staff user of an emulated shop: what Shopify puts in <c>associated_user</c> of an online token
/// and in the <c>sub</c> of a session token.
/// </summary>
public sealed class EmulatedUser
{
    /// <summary>The user id; real ids exceed 2^31, so test with large ones.</summary>
    public required long Id { get; init; }

    /// <summary><c>first_name</c>.</summary>
    public required string FirstName { get; init; }

    /// <summary><c>last_name</c>.</summary>
    public required string LastName { get; init; }

    /// <summary><c>email</c>.</summary>
    public required string Email { get; init; }

    /// <summary><c>email_verified</c>; <see langword="true"/> unless set.</summary>
    public bool EmailVerified { get; init; } = true;

    /// <summary><c>account_owner</c>. The owner is the default signed-in user of its shop.</summary>
    public bool AccountOwner { get; init; }

    /// <summary><c>locale</c>; <c>en</c> unless set.</summary>
    public string Locale { get; init; } = "en";

    /// <summary><c>collaborator</c>.</summary>
    public bool Collaborator { get; init; }

    /// <summary>
    /// The scopes this user's permissions allow, or <see langword="null"/> for every scope. An install
    /// by a user lacking a required scope fails; an online token's <c>associated_user_scope</c> is the
    /// granted scopes this set allows.
    /// </summary>
    public ScopeSet? Scopes { get; init; }
}
