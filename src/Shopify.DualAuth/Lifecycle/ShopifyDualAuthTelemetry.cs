using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Shopify.DualAuth.OAuth;

namespace Shopify.DualAuth.Lifecycle;

/// <summary>
/// The library's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>,
/// both named <see cref="Name"/>, and the counters the token lifecycle records. No tag holds a token,
/// and metrics carry no shop (unbounded cardinality); activities do.
/// </summary>
internal sealed class ShopifyDualAuthTelemetry : IDisposable
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Shopify.DualAuth";

    public const string ShopTag = "shopify.shop";
    public const string KindTag = "shopify.token.kind";
    public const string GrantTag = "shopify.grant";
    public const string OutcomeTag = "shopify.outcome";
    public const string OperationTag = "shopify.operation";
    public const string FailureTag = "error.type";

    private static readonly string? Version = typeof(ShopifyDualAuthTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
    private static readonly ActivitySource Source = new(Name, Version);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public ShopifyDualAuthTelemetry(IMeterFactory? meterFactory)
    {
        // A meter from the application's factory is scoped to its container (and disposed with it),
        // so tests and hosts running side by side do not see each other's measurements.
        _meter = meterFactory?.Create(new MeterOptions(Name) { Version = Version }) ?? new Meter(Name, Version);
        _ownsMeter = meterFactory is null;
        Exchanges = _meter.CreateCounter<long>("shopify.dualauth.exchanges", "{exchange}", "Tokens acquired from Shopify by token exchange or authorization code, by token kind and grant.");
        Refreshes = _meter.CreateCounter<long>("shopify.dualauth.refreshes", "{refresh}", "Offline token refreshes Shopify answered, by outcome: rotated (stored), lost_race (another writer stored first).");
        Migrations = _meter.CreateCounter<long>("shopify.dualauth.migrations", "{migration}", "Legacy non-expiring offline tokens migrated to expiring ones, by outcome.");
        Failures = _meter.CreateCounter<long>("shopify.dualauth.failures", "{failure}", "Failed token operations, by operation and kind (a ShopifyOAuthErrorKind, reauthorization_required or not_installed).");
        CacheHits = _meter.CreateCounter<long>("shopify.dualauth.online_token_cache.hits", "{lookup}", "Online token lookups answered from process memory.");
        CacheMisses = _meter.CreateCounter<long>("shopify.dualauth.online_token_cache.misses", "{lookup}", "Online token lookups that went to the store or to Shopify.");
    }

    public Counter<long> Exchanges { get; }

    public Counter<long> Refreshes { get; }

    public Counter<long> Migrations { get; }

    public Counter<long> Failures { get; }

    public Counter<long> CacheHits { get; }

    public Counter<long> CacheMisses { get; }

    public static Activity? StartActivity(string name, ShopDomain shop)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(ShopTag, shop.Value);
        return activity;
    }

    public static void RecordError(Activity? activity, Exception error)
    {
        if (activity is null)
        {
            return;
        }

        // The type name only: exception messages are safe, but a span is no place for prose.
        activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        activity.SetTag(FailureTag, error is ShopifyOAuthException oauth ? KindName(oauth.Kind) : error.GetType().Name);
    }

    public void RecordExchange(string kind, string grant)
        => Exchanges.Add(1, new KeyValuePair<string, object?>(KindTag, kind), new KeyValuePair<string, object?>(GrantTag, grant));

    public void RecordFailure(string operation, string kind)
        => Failures.Add(1, new KeyValuePair<string, object?>(OperationTag, operation), new KeyValuePair<string, object?>(FailureTag, kind));

    public void RecordFailure(string operation, ShopifyOAuthErrorKind kind) => RecordFailure(operation, KindName(kind));

    public static string KindName(ShopifyOAuthErrorKind kind) => kind switch
    {
        ShopifyOAuthErrorKind.InvalidSubjectToken => "invalid_subject_token",
        ShopifyOAuthErrorKind.RefreshTokenRejected => "refresh_token_rejected",
        ShopifyOAuthErrorKind.CodeRejected => "code_rejected",
        ShopifyOAuthErrorKind.InvalidClient => "invalid_client",
        ShopifyOAuthErrorKind.Transient => "transient",
        _ => "unexpected_response",
    };

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>The values of <see cref="OperationTag"/>.</summary>
    public static class Operations
    {
        public const string Install = "install";
        public const string AuthorizationCode = "authorization_code";
        public const string Refresh = "refresh";
        public const string Migration = "migration";
        public const string OnlineExchange = "online_exchange";
        public const string OfflineToken = "offline_token";
    }
}
