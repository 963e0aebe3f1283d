using static Shopify.DualAuth.Tests.TokenFixtures;

namespace Shopify.DualAuth.Tests;

public class ShopifyUserTests
{
    [Fact]
    public void ToString_leaves_out_email_and_names()
    {
        var text = User.ToString();

        AssertRevealsNothing(text);
        Assert.DoesNotContain("John", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Smith", text, StringComparison.Ordinal);
        Assert.Contains("Id = 40620294219", text, StringComparison.Ordinal);
        Assert.Contains("AccountOwner = True", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("John", "Smith", "John Smith")]
    [InlineData("John", "", "John")]
    [InlineData("", "Smith", "Smith")]
    [InlineData("  ", "Smith", "Smith")]
    [InlineData("", "", "")]
    [InlineData(null, "Smith", "Smith")]
    [InlineData(null, null, "")]
    public void DisplayName_joins_the_names_that_are_present(string? first, string? last, string expected)
        => Assert.Equal(expected, (User with { FirstName = first!, LastName = last! }).DisplayName);

    [Fact]
    public void Ids_beyond_32_bits_survive()
    {
        Assert.True(User.Id > int.MaxValue);
        Assert.Equal(40620294219, User.Id);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var copy = new ShopifyUser(40620294219, "John", "Smith", Email, true, true, "en", false);

        Assert.Equal(User, copy);
        Assert.Equal(User.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(User, User with { EmailVerified = false });
        Assert.NotEqual(User, User with { Id = 1 });
    }
}
