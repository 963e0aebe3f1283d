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
internal sealed class RandomFaults(ShopifyEmulator emulator, ShopDomain shop, double rate, int seed)
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
    private int _armed;

    public bool Enabled { get; set; }

    public int Armed => Volatile.Read(ref _armed);

    public DelegatingHandler CreateHandler() => new Handler(this);

    private void MaybeArm()
    {
        EmulatorFault? fault = null;
        lock (_gate)
        {
            if (Enabled && _random.NextDouble() < rate)
            {
                fault = Kinds[_random.Next(Kinds.Length)];
            }
        }

        if (fault is not null)
        {
            Interlocked.Increment(ref _armed);
            emulator.Faults.FailNext(EmulatorEndpoint.AccessToken, 1, fault, grant: null, shop);
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
