namespace Shopify.DualAuth.Verification;

/// <summary>
/// The outcome of validating an App Bridge session token. Failures carry a reason and the claim or
/// part at fault, safe to log; validation never throws for bad input.
/// </summary>
public readonly struct SessionTokenValidationResult : IEquatable<SessionTokenValidationResult>
{
    private SessionTokenValidationResult(VerificationFailure failure, string? claim, SessionToken? token)
    {
        Failure = failure;
        Claim = claim;
        Token = token;
    }

    /// <summary>Whether the token is authentic, current, and for this app and a valid shop.</summary>
    public bool IsValid => Failure == VerificationFailure.None;

    /// <summary>Why validation failed, or <see cref="VerificationFailure.None"/>.</summary>
    public VerificationFailure Failure { get; }

    /// <summary>The claim or token part at fault (for example <c>exp</c>, <c>aud</c>, <c>alg</c>, <c>signature</c>); never a value.</summary>
    public string? Claim { get; }

    /// <summary>The validated token, when <see cref="IsValid"/>.</summary>
    public SessionToken? Token { get; }

    /// <summary>A successful result.</summary>
    /// <param name="token">The validated token.</param>
    /// <returns>The result.</returns>
    public static SessionTokenValidationResult Success(SessionToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new(VerificationFailure.None, null, token);
    }

    /// <summary>A failed result.</summary>
    /// <param name="failure">Why it failed; not <see cref="VerificationFailure.None"/>.</param>
    /// <param name="claim">The claim or part at fault.</param>
    /// <returns>The result.</returns>
    public static SessionTokenValidationResult Fail(VerificationFailure failure, string claim)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(failure, VerificationFailure.None);
        return new(failure, claim, null);
    }

    /// <summary>A log-safe description; never contains the JWT.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => IsValid ? $"Valid ({Token})" : $"{Failure} ({Claim})";

    /// <inheritdoc/>
    public bool Equals(SessionTokenValidationResult other) => Failure == other.Failure && Claim == other.Claim && ReferenceEquals(Token, other.Token);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SessionTokenValidationResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Failure, Claim, Token);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(SessionTokenValidationResult left, SessionTokenValidationResult right) => left.Equals(right);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(SessionTokenValidationResult left, SessionTokenValidationResult right) => !left.Equals(right);
}
