namespace Shopify.DualAuth.Testing.Emulator.State;

/// <summary>What a staff user may do with the installation's scopes.</summary>
internal static class UserScopes
{
    /// <summary>
    /// <c>associated_user_scope</c>: the granted scopes the user's permissions allow. A granted
    /// <c>write_x</c> the user may only read becomes <c>read_x</c>.
    /// </summary>
    public static ScopeSet Allowed(ScopeSet granted, EmulatedUser user)
    {
        if (user.Scopes is not { } permitted)
        {
            return granted;
        }

        var allowed = new List<string>();
        foreach (var scope in granted)
        {
            if (permitted.Grants(scope))
            {
                allowed.Add(scope);
            }
            else if (ReadScopeOf(scope) is { } read && permitted.Grants(read))
            {
                allowed.Add(read);
            }
        }

        return ScopeSet.From(allowed);
    }

    /// <summary>Whether the user holds every scope in <paramref name="required"/>.</summary>
    public static bool Covers(EmulatedUser user, ScopeSet required) => user.Scopes is not { } permitted || permitted.Covers(required);

    private static string? ReadScopeOf(string scope)
    {
        var write = scope.IndexOf("write_", StringComparison.Ordinal);
        return write >= 0 ? string.Concat(scope.AsSpan(0, write), "read_", scope.AsSpan(write + "write_".Length)) : null;
    }
}
