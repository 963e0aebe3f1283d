using CsCheck;

namespace Shopify.DualAuth.Tests;

public class ScopeSetTests
{
    [Fact]
    public void Parses_Shopify_comma_list_into_ordinal_order()
    {
        var set = ScopeSet.Parse("write_orders,read_customers");

        Assert.Equal(2, set.Count);
        Assert.Equal(["read_customers", "write_orders"], set);
        Assert.Equal("read_customers,write_orders", set.ToString());
    }

    [Theory]
    [InlineData(" read_products , write_orders ")]
    [InlineData("read_products,,write_orders,")]
    [InlineData(",read_products, ,\t,write_orders")]
    [InlineData("write_orders,read_products,write_orders,read_products")]
    [InlineData("READ_PRODUCTS,Write_Orders")]
    [InlineData("read_products,READ_PRODUCTS,write_orders")]
    public void Ignores_spaces_blanks_duplicates_and_case(string input)
    {
        var set = ScopeSet.Parse(input);

        Assert.Equal("read_products,write_orders", set.ToString());
        Assert.Equal(2, set.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",")]
    [InlineData(" , ,,")]
    public void Nothing_parses_to_the_empty_set(string? input)
    {
        var set = ScopeSet.Parse(input);

        Assert.Same(ScopeSet.Empty, set);
        Assert.Empty(set);
        Assert.Equal(string.Empty, set.ToString());
        Assert.True(ScopeSet.TryParse(input, out var parsed));
        Assert.Same(ScopeSet.Empty, parsed);
    }

    [Theory]
    [InlineData("read products", 1)]
    [InlineData("read-products", 1)]
    [InlineData("read.products", 1)]
    [InlineData("read_products;write_orders", 1)]
    [InlineData("read_products write_orders", 1)]
    [InlineData("read_products,write orders", 2)]
    [InlineData("read_products,,write-orders", 3)]
    [InlineData("read_pr\u00F6ducts", 1)]
    [InlineData("read_\u0440roducts", 1)]
    [InlineData("read_products,shpat_zq9secret\r\nX-Injected: yes", 2)]
    [InlineData("read_products,write_orders\u200B", 2)]
    [InlineData("\"read_products\"", 1)]
    [InlineData("read_products\0", 1)]
    public void Malformed_entries_are_a_FormatException_that_points_at_the_entry_without_echoing_it(string input, int entry)
    {
        var error = Assert.Throws<FormatException>(() => ScopeSet.Parse(input));

        Assert.Contains($"Entry {entry} ", error.Message, StringComparison.Ordinal);
        foreach (var part in input.Split(','))
        {
            if (!IsWellFormed(part.Trim()))
            {
                Assert.DoesNotContain(part.Trim(), error.Message, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain('\n', error.Message);
        Assert.False(ScopeSet.TryParse(input, out var set));
        Assert.Null(set);
    }

    [Fact]
    public void From_builds_a_set_from_single_handles()
    {
        var set = ScopeSet.From(["write_orders", "Read_Products", "write_orders"]);

        Assert.Equal("read_products,write_orders", set.ToString());
        Assert.Same(ScopeSet.Empty, ScopeSet.From([]));
        Assert.Throws<ArgumentNullException>(() => ScopeSet.From(null!));
    }

    [Theory]
    [InlineData("read_products,write_orders")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" read_products")]
    [InlineData("read products")]
    [InlineData(null)]
    public void From_rejects_elements_that_are_not_exactly_one_scope(string? element)
    {
        var error = Assert.Throws<FormatException>(() => ScopeSet.From(["read_customers", element!]));

        Assert.Contains("Entry 2 ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contains_is_literal_while_Grants_applies_write_implies_read()
    {
        var set = ScopeSet.Parse("write_products");

        Assert.True(set.Contains("write_products"));
        Assert.False(set.Contains("read_products"));
        Assert.True(set.Grants("write_products"));
        Assert.True(set.Grants("read_products"));
    }

    [Theory]
    [InlineData("write_products", "read_products")]
    [InlineData("unauthenticated_write_checkouts", "unauthenticated_read_checkouts")]
    [InlineData("customer_write_orders", "customer_read_orders")]
    [InlineData("write_all_orders", "read_all_orders")]
    public void A_write_scope_grants_its_read_scope_in_every_family(string write, string read)
    {
        var granted = ScopeSet.Parse(write);

        Assert.True(granted.Grants(read));
        Assert.True(granted.Covers(ScopeSet.Parse(read)));
        Assert.Same(ScopeSet.Empty, granted.Missing(ScopeSet.Parse(read)));
    }

    [Theory]
    [InlineData("read_products", "write_products")]
    [InlineData("unauthenticated_read_checkouts", "unauthenticated_write_checkouts")]
    [InlineData("customer_read_orders", "customer_write_orders")]
    public void A_read_scope_never_grants_its_write_scope(string read, string write)
    {
        var granted = ScopeSet.Parse(read);

        Assert.False(granted.Grants(write));
        Assert.False(granted.Covers(ScopeSet.Parse(write)));
        Assert.Equal(write, granted.Missing(ScopeSet.Parse(write)).ToString());
    }

    [Theory]
    [InlineData("write_products", "unauthenticated_read_products")]
    [InlineData("write_products", "customer_read_products")]
    [InlineData("unauthenticated_write_products", "read_products")]
    [InlineData("customer_write_orders", "read_orders")]
    [InlineData("customer_write_orders", "unauthenticated_read_orders")]
    [InlineData("write_products", "read_product")]
    [InlineData("write_products", "read_products_extra")]
    [InlineData("write_orders", "read_all_orders")]
    public void Implication_does_not_cross_families_or_resources(string grantedScope, string required)
        => Assert.False(ScopeSet.Parse(grantedScope).Grants(required));

    [Fact]
    public void Missing_lists_exactly_the_required_scopes_not_granted()
    {
        var granted = ScopeSet.Parse("write_products,write_orders,read_locations");
        var required = ScopeSet.Parse("read_products,write_orders,read_customers,write_locations,read_locations");

        Assert.False(granted.Covers(required));
        Assert.Equal("read_customers,write_locations", granted.Missing(required).ToString());
        Assert.True(granted.Covers(ScopeSet.Empty));
        Assert.True(ScopeSet.Empty.Covers(ScopeSet.Empty));
        Assert.False(ScopeSet.Empty.Covers(required));
        Assert.Equal(required, ScopeSet.Empty.Missing(required));
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        var set = ScopeSet.Parse("read_products");

        Assert.Throws<ArgumentNullException>(() => set.Grants(null!));
        Assert.Throws<ArgumentNullException>(() => set.Covers(null!));
        Assert.Throws<ArgumentNullException>(() => set.Missing(null!));
    }

    [Fact]
    public void Equality_ignores_order_case_and_duplicates()
    {
        var a = ScopeSet.Parse("write_orders,read_products");
        var b = ScopeSet.Parse("READ_PRODUCTS, write_orders, write_orders");
        var c = ScopeSet.Parse("read_products");

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.False(a.Equals(c));
        Assert.False(c.Equals(a));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object)"read_products,write_orders"));
        Assert.True(ScopeSet.Parse(null).Equals(ScopeSet.Empty));
        Assert.Single(new HashSet<ScopeSet> { a, b });
    }

    [Fact]
    public void ToString_is_canonical_and_round_trips()
    {
        var set = ScopeSet.Parse("write_orders,customer_read_orders,read_all_orders,unauthenticated_read_checkouts,read_customers");

        Assert.Equal("customer_read_orders,read_all_orders,read_customers,unauthenticated_read_checkouts,write_orders", set.ToString());
        Assert.Equal(set, ScopeSet.Parse(set.ToString()));
    }

    private static readonly Gen<(string Family, string Resource)> GenResource = Gen.Select(
        Gen.OneOfConst(string.Empty, "unauthenticated_", "customer_"),
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz_"], 1, 8]);

    private static readonly Gen<string> GenScope = Gen.Select(
        GenResource,
        Gen.OneOfConst("read_", "write_"),
        (resource, access) => resource.Family + access + resource.Resource);

    [Fact]
    public void Property_Covers_is_reflexive() => GenScope.Array[0, 12].Sample(scopes =>
    {
        var set = ScopeSet.From(scopes);
        Assert.True(set.Covers(set));
        Assert.Same(ScopeSet.Empty, set.Missing(set));
        Assert.Equal(set, ScopeSet.Parse(set.ToString()));
    });

    [Fact]
    public void Property_a_set_covers_any_subset_of_itself() => Gen.Select(GenScope.Array[0, 12], Gen.Bool.Array[12]).Sample((scopes, keep) =>
    {
        var set = ScopeSet.From(scopes);
        var subset = ScopeSet.From(set.Where((_, i) => keep[i]));
        Assert.True(set.Covers(subset));
        Assert.Empty(set.Missing(subset));
    });

    [Fact]
    public void Property_write_scopes_cover_their_read_scopes_but_not_the_reverse() => GenResource.Array[1, 12].Sample(resources =>
    {
        var writes = ScopeSet.From(resources.Select(r => r.Family + "write_" + r.Resource));
        var reads = ScopeSet.From(resources.Select(r => r.Family + "read_" + r.Resource));
        Assert.True(writes.Covers(reads));
        Assert.False(reads.Covers(writes));
        Assert.Equal(writes, reads.Missing(writes));
    });

    private static bool IsWellFormed(string scope) => scope.Length == 0 || scope.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
