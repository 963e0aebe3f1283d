using Shopify.DualAuth.Storage;

namespace Shopify.DualAuth.Testing.Storage;

/// <summary>
/// The checks every <see cref="IShopifyTokenStore"/> must pass, for any test framework: each check
/// is a public method that throws <see cref="TokenStoreConformanceException"/> when the store breaks
/// a rule. Run them one by one (to see each as its own test case) or all at once.
/// </summary>
/// <remarks>
/// <para>
/// Each check creates a fresh store through the factory, handing it the clock it must use for
/// "now" (online-token expiry), and disposes the store afterwards when it is disposable. Shops are
/// named with a random prefix per check, so checks may share one database or server.
/// </para>
/// <para>
/// With xunit, for example:
/// <code>
/// public static TheoryData&lt;string&gt; Checks => new(TokenStoreConformance.AllCheckNames);
/// [Theory, MemberData(nameof(Checks))]
/// public Task Conforms(string check) => new TokenStoreConformance(clock => new MyStore(clock)).RunCheckAsync(check);
/// </code>
/// </para>
/// </remarks>
public sealed partial class TokenStoreConformance
{
    /// <summary>The name of the check that needs <see cref="ReadRawStorage"/>.</summary>
    public const string EncryptedAtRestCheckName = "EncryptedAtRest";

    private static readonly (string Name, Func<TokenStoreConformance, CancellationToken, Task> Run)[] Checks =
    [
        ("OfflineTokenRoundTripsEveryField", static (k, ct) => k.OfflineTokenRoundTripsEveryFieldAsync(ct)),
        ("OnlineTokenRoundTripsEveryField", static (k, ct) => k.OnlineTokenRoundTripsEveryFieldAsync(ct)),
        ("MissingKeysReadAsMissing", static (k, ct) => k.MissingKeysReadAsMissingAsync(ct)),
        ("SaveOverwrites", static (k, ct) => k.SaveOverwritesAsync(ct)),
        ("DeleteOnlineTokenRemovesOnlyThatUser", static (k, ct) => k.DeleteOnlineTokenRemovesOnlyThatUserAsync(ct)),
        ("DeleteShopRemovesEverythingOfThatShopOnly", static (k, ct) => k.DeleteShopRemovesEverythingOfThatShopOnlyAsync(ct)),
        ("RotationSucceedsOnlyFromTheStoredTokens", static (k, ct) => k.RotationSucceedsOnlyFromTheStoredTokensAsync(ct)),
        ("RotationRaceHasExactlyOneWinner", static (k, ct) => k.RotationRaceHasExactlyOneWinnerAsync(ct)),
        ("RotationFailsAfterOverwrite", static (k, ct) => k.RotationFailsAfterOverwriteAsync(ct)),
        ("RotationToAnotherShopIsRejected", static (k, ct) => k.RotationToAnotherShopIsRejectedAsync(ct)),
        ("ExpiredOnlineTokensReadAsMissing", static (k, ct) => k.ExpiredOnlineTokensReadAsMissingAsync(ct)),
        ("DueTokensMatchEitherBound", static (k, ct) => k.DueTokensMatchEitherBoundAsync(ct)),
        ("DueTokensPageWithoutGapsOrRepeats", static (k, ct) => k.DueTokensPageWithoutGapsOrRepeatsAsync(ct)),
        ("LegacyTokensPageWithoutGapsOrRepeats", static (k, ct) => k.LegacyTokensPageWithoutGapsOrRepeatsAsync(ct)),
        ("LegacyTokensFollowWrites", static (k, ct) => k.LegacyTokensFollowWritesAsync(ct)),
        ("InvalidPageSizeIsRejected", static (k, ct) => k.InvalidPageSizeIsRejectedAsync(ct)),
        ("UpdateScopesKeepsTheTokens", static (k, ct) => k.UpdateScopesKeepsTheTokensAsync(ct)),
        ("ReauthorizationMarkIsKeptUntilASave", static (k, ct) => k.ReauthorizationMarkIsKeptUntilASaveAsync(ct)),
        (EncryptedAtRestCheckName, static (k, ct) => k.EncryptedAtRestAsync(ct)),
    ];

    private readonly Func<TimeProvider, IShopifyTokenStore> _createStore;

    /// <summary>Creates the checks for one kind of store.</summary>
    /// <param name="createStore">Creates a store that reads "now" from the given clock.</param>
    public TokenStoreConformance(Func<TimeProvider, IShopifyTokenStore> createStore)
    {
        ArgumentNullException.ThrowIfNull(createStore);
        _createStore = createStore;
    }

    /// <summary>The name of every check, including <see cref="EncryptedAtRestCheckName"/>.</summary>
    public static IReadOnlyList<string> AllCheckNames { get; } = [.. Checks.Select(c => c.Name)];

    /// <summary>
    /// Reads everything the store keeps, as the bytes an attacker with the database file or a server
    /// dump would see (for SQLite: the database file and its <c>-wal</c>). Needed by
    /// <see cref="EncryptedAtRestAsync"/>; leave it unset for stores that keep nothing at rest.
    /// </summary>
    public Func<IShopifyTokenStore, CancellationToken, ValueTask<byte[]>>? ReadRawStorage { get; init; }

    /// <summary>The checks that apply: all of them, less <see cref="EncryptedAtRestCheckName"/> when <see cref="ReadRawStorage"/> is unset.</summary>
    public IReadOnlyList<string> CheckNames => ReadRawStorage is null ? [.. AllCheckNames.Where(n => n != EncryptedAtRestCheckName)] : AllCheckNames;

    /// <summary>Runs one check by name.</summary>
    /// <param name="name">One of <see cref="AllCheckNames"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that fails with <see cref="TokenStoreConformanceException"/> when the store breaks the rule.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a check.</exception>
    public Task RunCheckAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var check in Checks)
        {
            if (string.Equals(check.Name, name, StringComparison.Ordinal))
            {
                return check.Run(this, cancellationToken);
            }
        }

        throw new ArgumentException($"'{name}' is not a token store check. Known checks: {string.Join(", ", AllCheckNames)}.", nameof(name));
    }

    /// <summary>Runs every check in <see cref="CheckNames"/> and reports all failures together.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that fails with one <see cref="TokenStoreConformanceException"/> listing every failed check.</returns>
    public async Task RunAllAsync(CancellationToken cancellationToken = default)
    {
        var failures = new List<(string Name, Exception Error)>();
        foreach (var name in CheckNames)
        {
            try
            {
                await RunCheckAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add((name, error));
            }
        }

        if (failures.Count > 0)
        {
            var report = string.Join(Environment.NewLine + Environment.NewLine, failures.Select(f => $"{f.Name}: {f.Error.Message}"));
            throw new TokenStoreConformanceException(
                $"{failures.Count} of {CheckNames.Count} token store checks failed.{Environment.NewLine}{report}",
                new AggregateException(failures.Select(f => f.Error)));
        }
    }

    private async Task WithStoreAsync(Func<IShopifyTokenStore, ConformanceClock, ConformanceData, Task> check)
    {
        var clock = new ConformanceClock();
        var store = _createStore(clock) ?? throw new TokenStoreConformanceException("The store factory returned null.");
        try
        {
            await check(store, clock, new ConformanceData()).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not TokenStoreConformanceException and not OperationCanceledException)
        {
            throw new TokenStoreConformanceException($"The store threw {error.GetType().Name} where the contract expects none: {error.Message}", error);
        }
        finally
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
