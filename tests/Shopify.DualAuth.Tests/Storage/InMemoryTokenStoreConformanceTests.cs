using Shopify.DualAuth.Storage;
using Shopify.DualAuth.Testing.Storage;

namespace Shopify.DualAuth.Tests.Storage;

public class InMemoryTokenStoreConformanceTests
{
    private static readonly TokenStoreConformance Conformance = new(clock => new InMemoryTokenStore(clock));

    public static TheoryData<string> Checks => new(Conformance.CheckNames);

    [Theory]
    [MemberData(nameof(Checks))]
    public Task Passes(string check) => Conformance.RunCheckAsync(check, TestContext.Current.CancellationToken);

    [Fact]
    public void Keeps_nothing_at_rest_so_the_encryption_check_does_not_apply()
        => Assert.DoesNotContain(TokenStoreConformance.EncryptedAtRestCheckName, Conformance.CheckNames);
}
