namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// The fleet tests run one at a time, after the rest: each drives a thousand concurrent callers
/// through four app instances, and on a small machine two of them at once measure the scheduler
/// rather than the library.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetGroup
{
    public const string Name = "Fleet";
}
