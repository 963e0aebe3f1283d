using System.Globalization;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator;

/// <summary>
/// A shop declared on a <see cref="ShopifyEmulator"/>: its staff, whether the app is installed,
/// what the installation grants, and how the merchant behaves on the grant screen.
/// </summary>
/// <remarks>Safe to change while requests run; every member takes the emulator's lock.</remarks>
public sealed class EmulatedShop
{
    private readonly EmulatorState _state;
    private readonly List<EmulatedUser> _users = [];
    private string _name;
    private long _id;
    private bool _installed;
    private ScopeSet _grantedScopes = ScopeSet.Empty;
    private bool _declinesAuthorization;
    private bool _allowsClientCredentials = true;

    internal EmulatedShop(EmulatorState state, ShopDomain domain)
    {
        _state = state;
        Domain = domain;
        _name = domain.Handle;
        _id = state.NextShopId();
    }

    /// <summary>The shop's domain, <c>{handle}.myshopify.com</c>.</summary>
    public ShopDomain Domain { get; }

    /// <summary>The shop's numeric id (<c>gid://shopify/Shop/{id}</c>); assigned in order unless set.</summary>
    public long Id
    {
        get { lock (_state.Gate) { return _id; } }
        set { lock (_state.Gate) { _id = value; } }
    }

    /// <summary>The shop's display name (GraphQL <c>shop { name }</c>); the handle unless set.</summary>
    public string Name
    {
        get { lock (_state.Gate) { return _name; } }
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            lock (_state.Gate) { _name = value; }
        }
    }

    /// <summary>
    /// Whether the app is installed. An authorize on a shop without the app installs it;
    /// <see cref="ShopifyEmulator.UninstallApp(ShopDomain)"/> uninstalls it and revokes every token.
    /// Setting this property only declares the starting state: it revokes nothing.
    /// </summary>
    public bool Installed
    {
        get { lock (_state.Gate) { return _installed; } }
        set { lock (_state.Gate) { _installed = value; } }
    }

    /// <summary>
    /// The scopes the installation grants (the app's TOML scopes under managed install). An authorize
    /// with a <c>scope</c> parameter installs with those scopes, or adds them to an existing installation.
    /// </summary>
    public ScopeSet GrantedScopes
    {
        get { lock (_state.Gate) { return _grantedScopes; } }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_state.Gate) { _grantedScopes = value; }
        }
    }

    /// <summary>
    /// When set, the merchant declines on the grant screen: authorize redirects back with
    /// <c>error=access_denied</c> (plus <c>host</c>, <c>shop</c>, <c>state</c>, <c>timestamp</c>, signed) and no code.
    /// </summary>
    public bool DeclinesAuthorization
    {
        get { lock (_state.Gate) { return _declinesAuthorization; } }
        set { lock (_state.Gate) { _declinesAuthorization = value; } }
    }

    /// <summary>
    /// Whether the shop belongs to the app's organisation, so the client-credentials grant works; when
    /// not, that grant answers 400 <c>shop_not_permitted</c>. <see langword="true"/> unless set.
    /// </summary>
    public bool AllowsClientCredentials
    {
        get { lock (_state.Gate) { return _allowsClientCredentials; } }
        set { lock (_state.Gate) { _allowsClientCredentials = value; } }
    }

    /// <summary>The staff users, in the order they were added.</summary>
    public IReadOnlyList<EmulatedUser> Users
    {
        get { lock (_state.Gate) { return [.. _users]; } }
    }

    /// <summary>
    /// The staff user the authorize endpoint acts for: the one passed to <see cref="SignIn"/>, else the
    /// account owner, else the first user.
    /// </summary>
    public EmulatedUser SignedInUser
    {
        get { lock (_state.Gate) { return SignedInUserUnlocked; } }
    }

    internal ShopTokenState TokenState { get; } = new();

    internal bool InstalledUnlocked
    {
        get => _installed;
        set => _installed = value;
    }

    internal ScopeSet GrantedScopesUnlocked
    {
        get => _grantedScopes;
        set => _grantedScopes = value;
    }

    internal bool DeclinesAuthorizationUnlocked => _declinesAuthorization;

    internal bool AllowsClientCredentialsUnlocked => _allowsClientCredentials;

    internal string NameUnlocked => _name;

    internal long IdUnlocked => _id;

    internal EmulatedUser SignedInUserUnlocked
        => (TokenState.SignedInUserId is { } id ? FindUserUnlocked(id) : null)
            ?? _users.Find(u => u.AccountOwner)
            ?? _users[0];

    /// <summary>Adds a staff user.</summary>
    /// <param name="user">The user; its id must be new to this shop.</param>
    /// <returns>This shop, for chaining.</returns>
    /// <exception cref="ArgumentException">The shop already has a user with that id.</exception>
    public EmulatedShop AddUser(EmulatedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_state.Gate)
        {
            if (FindUserUnlocked(user.Id) is not null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The shop {Domain} already has a user with id {user.Id}."), nameof(user));
            }

            _users.Add(user);
        }

        return this;
    }

    /// <summary>Finds a staff user by id.</summary>
    /// <param name="userId">The user id.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public EmulatedUser? FindUser(long userId)
    {
        lock (_state.Gate)
        {
            return FindUserUnlocked(userId);
        }
    }

    /// <summary>Makes <paramref name="userId"/> the staff user later authorize requests act for.</summary>
    /// <param name="userId">The id of one of this shop's users.</param>
    /// <exception cref="ArgumentException">The shop has no such user.</exception>
    public void SignIn(long userId)
    {
        lock (_state.Gate)
        {
            if (FindUserUnlocked(userId) is null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The shop {Domain} has no user with id {userId}."), nameof(userId));
            }

            TokenState.SignedInUserId = userId;
        }
    }

    internal EmulatedUser? FindUserUnlocked(long userId) => _users.Find(u => u.Id == userId);

    internal void EnsureUser()
    {
        lock (_state.Gate)
        {
            if (_users.Count == 0)
            {
                // Authorize and session tokens need someone to act for; a shop declared without staff
                // gets the one user every real shop has.
                _users.Add(new EmulatedUser
                {
                    Id = _id,
                    FirstName = "Shop",
                    LastName = "Owner",
                    Email = $"owner@{Domain.Handle}.example",
                    AccountOwner = true,
                });
            }
        }
    }
}
