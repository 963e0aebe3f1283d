namespace Shopify.DualAuth.Verification;

/// <summary>
/// The outcome of verifying an app-proxy request. Failures carry a reason and the name of the
/// parameter at fault, safe to log; verification never throws for bad input. The shop, customer and
/// path prefix are only set when the request is authentic.
/// </summary>
public readonly struct AppProxyVerificationResult : IEquatable<AppProxyVerificationResult>
{
    private AppProxyVerificationResult(VerificationFailure failure, string? parameter, ShopDomain? shop, long? loggedInCustomerId, string? pathPrefix)
    {
        Failure = failure;
        Parameter = parameter;
        Shop = shop;
        LoggedInCustomerId = loggedInCustomerId;
        PathPrefix = pathPrefix;
    }

    /// <summary>Whether the request is authentic and fresh.</summary>
    public bool IsValid => Failure == VerificationFailure.None;

    /// <summary>Why verification failed, or <see cref="VerificationFailure.None"/>.</summary>
    public VerificationFailure Failure { get; }

    /// <summary>The parameter at fault (for example <c>signature</c> or <c>timestamp</c>); never a value.</summary>
    public string? Parameter { get; }

    /// <summary>The shop whose storefront the request came through, when <see cref="IsValid"/>.</summary>
    public ShopDomain? Shop { get; }

    /// <summary>
    /// The logged-in customer's ID, or <see langword="null"/> when nobody is logged in (Shopify then
    /// sends <c>logged_in_customer_id</c> empty) or the request is not valid.
    /// </summary>
    public long? LoggedInCustomerId { get; }

    /// <summary>
    /// The storefront path prefix the request was proxied from (for example <c>/apps/reviews</c>), when
    /// Shopify sent one. Merchants can change it, so it may differ from the app's configuration.
    /// </summary>
    public string? PathPrefix { get; }

    /// <summary>A successful result.</summary>
    /// <param name="shop">The verified shop.</param>
    /// <param name="loggedInCustomerId">The logged-in customer, if any.</param>
    /// <param name="pathPrefix">The proxied path prefix, if sent.</param>
    /// <returns>The result.</returns>
    public static AppProxyVerificationResult Success(ShopDomain shop, long? loggedInCustomerId, string? pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return new(VerificationFailure.None, null, shop, loggedInCustomerId, pathPrefix);
    }

    /// <summary>A failed result.</summary>
    /// <param name="failure">Why it failed; not <see cref="VerificationFailure.None"/>.</param>
    /// <param name="parameter">The parameter at fault.</param>
    /// <returns>The result.</returns>
    public static AppProxyVerificationResult Fail(VerificationFailure failure, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(failure, VerificationFailure.None);
        return new(failure, parameter, null, null, null);
    }

    /// <summary>A log-safe description, for example <c>Mismatch (signature)</c>; never names the customer.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => IsValid ? $"Valid ({Shop})" : $"{Failure} ({Parameter})";

    /// <inheritdoc/>
    public bool Equals(AppProxyVerificationResult other)
        => Failure == other.Failure
            && Parameter == other.Parameter
            && Shop == other.Shop
            && LoggedInCustomerId == other.LoggedInCustomerId
            && PathPrefix == other.PathPrefix;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AppProxyVerificationResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Failure, Parameter, Shop, LoggedInCustomerId, PathPrefix);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(AppProxyVerificationResult left, AppProxyVerificationResult right) => left.Equals(right);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(AppProxyVerificationResult left, AppProxyVerificationResult right) => !left.Equals(right);
}
