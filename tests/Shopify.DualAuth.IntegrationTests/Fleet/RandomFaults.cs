using Shopify.DualAuth.Testing.Emulator;
using Shopify.DualAuth.Testing.Emulator.Faults;

namespace Shopify.DualAuth.IntegrationTests.Fleet;

/// <summary>
/// Makes a share of the token-endpoint attempts fail, choosing which and how with a seeded random
/// generator: a handler inside the library's retry pipeline (so each attempt is judged on its own)
/// arms the emulator with one fault just before the attempt is sent.
/// </summary>
/// <remarks>
/// With many attempts in flight, the attempt that meets an armed fault may be another one than the
/// attempt that armed it; the number of faults, and the emulator's own record of each, stay exact.
/// </remarks>
internal sealed class RandomFaults(double rate, int seed)
{
    private static readonly EmulatorFault[] Kinds =
    [
        EmulatorFault.InternalServerError,
        EmulatorFault.ServiceUnavailable,
        EmulatorFault.UnknownError,
        EmulatorFault.ConnectionReset,
        EmulatorFault.Timeout,
        EmulatorFault.LostAnswer,
        EmulatorFault.HeldAnswer,
    ];

    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private (ShopifyEmulator Emulator, ShopDomain Shop)? _target;

    public bool Enabled { get; set; }

    public DelegatingHandler CreateHandler() => new Handler(this);

    /// <summary>Aims the faults at one shop of one emulator; until then, and while not <see cref="Enabled"/>, nothing fails.</summary>
    public void Target(ShopifyEmulator emulator, ShopDomain shop) => _target = (emulator, shop);

    private void MaybeArm()
    {
        EmulatorFault? fault = null;
        var target = _target;
        lock (_gate)
        {
            if (Enabled && target is not null && _random.NextDouble() < rate)
            {
                fault = Kinds[_random.Next(Kinds.Length)];
            }
        }

        if (fault is not null)
        {
            target!.Value.Emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, fault, grant: null, target.Value.Shop);
        }
    }

    private sealed class Handler(RandomFaults faults) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            faults.MaybeArm();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
