using Shopify.DualAuth.Verification;
using static Shopify.DualAuth.Tests.Verification.SessionTokenTestData;

namespace Shopify.DualAuth.Tests.Verification;

public class SessionTokenCacheTests
{
    private const long Now = 1591765000;

    [Fact]
    public void Repeat_validation_returns_the_cached_instance_on_string_and_span_paths()
    {
        var validator = new SessionTokenValidator(Options(), ManualClock.AtUnix(Now));

        var first = validator.Validate(VectorToken).Token;
        var again = validator.Validate(VectorToken).Token;
        var copy = validator.Validate(new string(VectorToken.AsSpan())).Token;
        var span = validator.Validate(VectorToken.AsSpan()).Token;

        Assert.NotNull(first);
        Assert.Same(first, again);
        Assert.Same(first, copy);
        Assert.Same(first, span);
        Assert.Equal(1, validator.CachedCount);
    }

    [Fact]
    public void Span_path_caches_a_string_that_the_string_path_then_finds()
    {
        var validator = new SessionTokenValidator(Options(), ManualClock.AtUnix(Now));
        var header = "Bearer " + VectorToken;
        Assert.True(SessionTokenValidator.TryGetBearerToken(header, out var fromHeader));

        var first = validator.Validate(fromHeader).Token;

        Assert.NotNull(first);
        Assert.Equal(VectorToken, first.RawToken);
        Assert.Same(first, validator.Validate(VectorToken).Token);
    }

    [Fact]
    public void Invalid_tokens_are_not_cached()
    {
        var validator = new SessionTokenValidator(Options(), ManualClock.AtUnix(Now));

        Assert.False(validator.Validate(ReplaceInSegment(VectorToken, 2, 0, 'A')).IsValid);
        Assert.False(validator.Validate(Sign(Claims(Now), "another-secret")).IsValid);
        Assert.False(new SessionTokenValidator(Options(), ManualClock.AtUnix(VectorExp + 11)).Validate(VectorToken).IsValid);

        Assert.Equal(0, validator.CachedCount);
    }

    [Fact]
    public void Cache_hit_still_checks_expiry_against_the_clock()
    {
        var clock = ManualClock.AtUnix(Now);
        var validator = new SessionTokenValidator(Options(), clock);
        Assert.True(validator.Validate(VectorToken).IsValid);

        clock.SetUnix(VectorExp + 10);
        Assert.True(validator.Validate(VectorToken).IsValid);

        clock.Now = DateTimeOffset.FromUnixTimeSeconds(VectorExp + 10).AddTicks(1);
        var expired = validator.Validate(VectorToken);

        Assert.Equal((VerificationFailure.Expired, "exp"), (expired.Failure, expired.Claim));
        Assert.Equal(0, validator.CachedCount);
    }

    [Fact]
    public void Cache_hit_checks_nbf_when_the_clock_goes_back()
    {
        var clock = ManualClock.AtUnix(Now);
        var validator = new SessionTokenValidator(Options(), clock);
        Assert.True(validator.Validate(VectorToken).IsValid);

        clock.SetUnix(VectorNbf - 11);
        var early = validator.Validate(VectorToken);

        Assert.Equal((VerificationFailure.Expired, "nbf"), (early.Failure, early.Claim));
        clock.SetUnix(Now);
        Assert.True(validator.Validate(VectorToken).IsValid);
    }

    [Fact]
    public void Options_change_starts_a_new_cache()
    {
        var monitor = new OptionsMonitor(Options());
        var validator = new SessionTokenValidator(monitor, ManualClock.AtUnix(Now));
        var first = validator.Validate(VectorToken).Token;
        Assert.NotNull(first);

        monitor.CurrentValue = Options(clientId: "another-client");
        var wrongAudience = validator.Validate(VectorToken);
        Assert.Equal((VerificationFailure.Mismatch, "aud"), (wrongAudience.Failure, wrongAudience.Claim));

        monitor.CurrentValue = Options(secret: "rotated-secret");
        var wrongSecret = validator.Validate(VectorToken);
        Assert.Equal((VerificationFailure.Mismatch, "signature"), (wrongSecret.Failure, wrongSecret.Claim));

        monitor.CurrentValue = Options(secret: "rotated-secret", VectorClientId, VectorSecret);
        var rotated = validator.Validate(VectorToken).Token;
        Assert.NotNull(rotated);
        Assert.NotSame(first, rotated);
    }

    [Fact]
    public void Skew_change_is_applied_to_cached_tokens()
    {
        var monitor = new OptionsMonitor(Options());
        var clock = ManualClock.AtUnix(Now);
        var validator = new SessionTokenValidator(monitor, clock);
        Assert.True(validator.Validate(VectorToken).IsValid);

        clock.SetUnix(VectorExp + 5);
        Assert.True(validator.Validate(VectorToken).IsValid);
        var strict = Options();
        strict.ClockSkew = TimeSpan.Zero;
        monitor.CurrentValue = strict;

        var result = validator.Validate(VectorToken);
        Assert.Equal((VerificationFailure.Expired, "exp"), (result.Failure, result.Claim));
    }

    [Fact]
    public void Full_cache_sweeps_expired_entries_and_otherwise_stops_caching()
    {
        var clock = ManualClock.AtUnix(Now);
        var validator = new SessionTokenValidator(new OptionsMonitor(Options()), clock, cacheCapacity: 2);
        string TokenFor(int user, long exp)
        {
            var claims = Claims(Now);
            claims["sub"] = user.ToString(System.Globalization.CultureInfo.InvariantCulture);
            claims["exp"] = exp;
            return Sign(claims);
        }

        var a = TokenFor(1, Now + 60);
        var b = TokenFor(2, Now + 90);
        var c = TokenFor(3, Now + 60);
        Assert.True(validator.Validate(a).IsValid);
        Assert.True(validator.Validate(b).IsValid);
        Assert.Equal(2, validator.CachedCount);

        // Full and nothing expired: c is validated but not cached.
        var c1 = validator.Validate(c).Token;
        Assert.NotNull(c1);
        Assert.Equal(2, validator.CachedCount);
        Assert.NotSame(c1, validator.Validate(c).Token);

        // a expires (exp + skew passed) while b lives on: the sweep frees a's slot for c.
        clock.SetUnix(Now + 60 + 11);
        var c2 = validator.Validate(c);
        Assert.False(c2.IsValid); // c has the same lifetime as a
        var d = TokenFor(4, Now + 120);
        var d1 = validator.Validate(d).Token;
        Assert.NotNull(d1);
        Assert.Equal(2, validator.CachedCount);
        Assert.Same(d1, validator.Validate(d).Token);
        Assert.True(validator.Validate(b).IsValid);
    }

    [Fact]
    public void Concurrent_validation_through_a_small_cache_gives_the_verdicts_of_a_fresh_validator()
    {
        // 40 tokens with staggered lifetimes through a 16-entry cache while the clock moves: hits,
        // misses, sweeps and expired-entry removals race each other.
        var clock = ManualClock.AtUnix(Now);
        var validator = new SessionTokenValidator(new OptionsMonitor(Options()), clock, cacheCapacity: 16);
        var tokens = Enumerable.Range(0, 40).Select(i =>
        {
            var claims = Claims(Now + (i % 8));
            claims["sub"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            claims["exp"] = Now + 20 + (i * 2);
            return Sign(claims);
        }).ToArray();

        for (var second = Now; second <= Now + 110; second += 5)
        {
            clock.SetUnix(second);
            var reference = new SessionTokenValidator(Options(), clock);
            var expected = tokens.Select(t => reference.Validate(t)).Select(r => (r.IsValid, r.Failure, r.Claim)).ToArray();
            var mismatches = 0;

            Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
            {
                var i = n % tokens.Length;
                var result = n % 2 == 0 ? validator.Validate(tokens[i]) : validator.Validate(tokens[i].AsSpan());
                if ((result.IsValid, result.Failure, result.Claim) != expected[i] || (result.IsValid && result.Token!.UserId != i + 1))
                {
                    Interlocked.Increment(ref mismatches);
                }
            });

            Assert.Equal(0, mismatches);
            Assert.InRange(validator.CachedCount, 0, 16 + 4); // the cap is soft by at most one entry per concurrent adder
        }
    }

    [Fact]
    public void Cache_hits_allocate_nothing_and_cold_validation_stays_under_a_kilobyte()
    {
        var validator = new SessionTokenValidator(Options(), ManualClock.AtUnix(Now));
        var warm = Sign(Claims(Now - 1));
        Assert.True(validator.Validate(warm).IsValid);
        Assert.True(validator.Validate(warm.AsSpan()).IsValid);
        var cold = Sign(Claims(Now));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var first = validator.Validate(cold);
        var coldBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _ = validator.Validate(cold);
            _ = validator.Validate(cold.AsSpan());
        }

        var hitBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(first.IsValid);
        Assert.Equal(0, hitBytes);
        Assert.InRange(coldBytes, 1, 1024);
    }
}
