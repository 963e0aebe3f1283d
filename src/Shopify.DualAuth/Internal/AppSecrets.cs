using System.Text;
using Microsoft.Extensions.Options;

namespace Shopify.DualAuth.Internal;

/// <summary>
/// The HMAC keys of every accepted client secret, current first, rebuilt when the options change
/// (a secret rotation through configuration reload needs no restart).
/// </summary>
internal sealed class AppSecrets
{
    private readonly IOptionsMonitor<ShopifyAppOptions> _options;
    private Snapshot _snapshot;

    public AppSecrets(IOptionsMonitor<ShopifyAppOptions> options)
    {
        _options = options;
        _snapshot = new Snapshot(options.CurrentValue);
    }

    /// <summary>The keys for the current options: the current secret first, then every previous secret.</summary>
    public HmacSha256Key[] Keys => Current.Keys;

    /// <summary>The current options, with their keys.</summary>
    public Snapshot Current
    {
        get
        {
            var options = _options.CurrentValue;
            var snapshot = _snapshot;
            if (!ReferenceEquals(snapshot.Options, options))
            {
                // Old keys are not disposed: a concurrent verification may still hold them.
                snapshot = new Snapshot(options);
                _snapshot = snapshot;
            }

            return snapshot;
        }
    }

    /// <summary>One version of the options and the keys derived from it.</summary>
    internal sealed class Snapshot
    {
        public Snapshot(ShopifyAppOptions options)
        {
            Options = options;
            Keys = new[] { options.ClientSecret }
                .Concat(options.PreviousClientSecrets)
                .Where(secret => !string.IsNullOrEmpty(secret))
                .Distinct(StringComparer.Ordinal)
                .Select(secret => new HmacSha256Key(Encoding.UTF8.GetBytes(secret)))
                .ToArray();
        }

        public ShopifyAppOptions Options { get; }

        public HmacSha256Key[] Keys { get; }
    }
}
