namespace Shopify.DualAuth.Testing.Emulator.Faults;

/// <summary>
/// Scripted failures: each <see cref="FailNext"/> makes the next matching requests fail. Rules are
/// consumed in the order they were added; a request takes at most one fault.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];

    internal EmulatorFaults()
    {
    }

    /// <summary>How many injected failures are still waiting for a request.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _rules.Sum(r => r.Remaining);
            }
        }
    }

    /// <summary>Makes the next <paramref name="count"/> matching requests fail with <paramref name="fault"/>.</summary>
    /// <param name="endpoint">The endpoint to fail.</param>
    /// <param name="count">How many requests to fail.</param>
    /// <param name="fault">How they fail.</param>
    /// <param name="grant">Only <see cref="EmulatorEndpoint.AccessToken"/> requests of this grant, when set.</param>
    /// <param name="shop">Only requests for this shop, when set.</param>
    public void FailNext(EmulatorEndpoint endpoint, int count, EmulatorFault fault, EmulatorGrant? grant = null, ShopDomain? shop = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(fault);
        if (grant is not null && endpoint != EmulatorEndpoint.AccessToken)
        {
            throw new ArgumentException("Only access_token requests have a grant.", nameof(grant));
        }

        lock (_gate)
        {
            _rules.Add(new FaultRule(endpoint, fault, grant, shop, count));
        }
    }

    /// <summary>Drops every failure not yet used.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal EmulatorFault? TryTake(EmulatorEndpoint endpoint, ShopDomain? shop, EmulatorGrant? grant)
    {
        lock (_gate)
        {
            var rule = _rules.Find(r => r.Matches(endpoint, shop, grant));
            if (rule is null)
            {
                return null;
            }

            if (--rule.Remaining == 0)
            {
                _rules.Remove(rule);
            }

            return rule.Fault;
        }
    }
}
