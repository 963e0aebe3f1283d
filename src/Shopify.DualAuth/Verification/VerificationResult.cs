namespace Shopify.DualAuth.Verification;

/// <summary>
/// The outcome of verifying a signed query string or a webhook. Failures carry a reason and the name
/// of the parameter or header at fault, safe to log; verification never throws for bad input.
/// </summary>
public readonly struct VerificationResult : IEquatable<VerificationResult>
{
    private VerificationResult(VerificationFailure failure, string? parameter, ShopDomain? shop)
    {
        Failure = failure;
        Parameter = parameter;
        Shop = shop;
    }

    /// <summary>Whether the input is authentic (and fresh, where a timestamp applies).</summary>
    public bool IsValid => Failure == VerificationFailure.None;

    /// <summary>Why verification failed, or <see cref="VerificationFailure.None"/>.</summary>
    public VerificationFailure Failure { get; }

    /// <summary>The parameter or header at fault (for example <c>hmac</c> or <c>timestamp</c>); never a value.</summary>
    public string? Parameter { get; }

    /// <summary>The verified shop, when the input names one and verification succeeded.</summary>
    public ShopDomain? Shop { get; }

    /// <summary>A successful result.</summary>
    /// <param name="shop">The verified shop, if the input names one.</param>
    /// <returns>The result.</returns>
    public static VerificationResult Success(ShopDomain? shop = null) => new(VerificationFailure.None, null, shop);

    /// <summary>A failed result.</summary>
    /// <param name="failure">Why it failed; not <see cref="VerificationFailure.None"/>.</param>
    /// <param name="parameter">The parameter or header at fault.</param>
    /// <returns>The result.</returns>
    public static VerificationResult Fail(VerificationFailure failure, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(failure, VerificationFailure.None);
        return new(failure, parameter, null);
    }

    /// <summary>A log-safe description, for example <c>Mismatch (hmac)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => IsValid ? $"Valid ({Shop?.Value ?? "no shop"})" : $"{Failure} ({Parameter})";

    /// <inheritdoc/>
    public bool Equals(VerificationResult other) => Failure == other.Failure && Parameter == other.Parameter && Shop == other.Shop;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is VerificationResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Failure, Parameter, Shop);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(VerificationResult left, VerificationResult right) => left.Equals(right);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(VerificationResult left, VerificationResult right) => !left.Equals(right);
}
