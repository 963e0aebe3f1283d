namespace Shopify.DualAuth.AspNetCore;

/// <summary>
/// The app's hooks into both install flows. Set the delegates, or derive and override the methods,
/// and assign the instance to <see cref="ShopifyAspNetCoreOptions.Events"/>.
/// </summary>
public class ShopifyAuthEvents
{
    /// <summary>
    /// Called once a shop's offline token was acquired and stored: after the offline grant of the code
    /// flow, or after the token exchange of an embedded app's first load (which also brings the user's
    /// online token). A good place to register webhooks or seed the shop's data.
    /// </summary>
    public Func<ShopInstalledContext, Task> OnShopInstalled { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Called after the per-user grant of the code flow, before the sign-in cookie is issued: the
    /// principal and the address the user is sent to may still be changed.
    /// </summary>
    public Func<UserSignedInContext, Task> OnUserSignedIn { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Called when a shop or user is sent through authorization again: the shop's offline token is
    /// unusable or lacks required scopes, or a signed-in user's online token is missing or expired.
    /// </summary>
    public Func<ReauthorizationRequiredContext, Task> OnReauthorizationRequired { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Invokes <see cref="OnShopInstalled"/>.</summary>
    /// <param name="context">The installed shop and its tokens.</param>
    /// <returns>A task that completes when the hook has run.</returns>
    public virtual Task ShopInstalled(ShopInstalledContext context) => OnShopInstalled(context);

    /// <summary>Invokes <see cref="OnUserSignedIn"/>.</summary>
    /// <param name="context">The user, their token and the principal about to be signed in.</param>
    /// <returns>A task that completes when the hook has run.</returns>
    public virtual Task UserSignedIn(UserSignedInContext context) => OnUserSignedIn(context);

    /// <summary>Invokes <see cref="OnReauthorizationRequired"/>.</summary>
    /// <param name="context">The shop, the user if any, and why.</param>
    /// <returns>A task that completes when the hook has run.</returns>
    public virtual Task ReauthorizationRequired(ReauthorizationRequiredContext context) => OnReauthorizationRequired(context);
}
