namespace Shopify.DualAuth.AspNetCore.Authentication;

/// <summary>
/// Hooks of the session-token scheme, in the order a request meets them. Set the delegates, or derive
/// and override the methods.
/// </summary>
public class ShopifySessionTokenEvents
{
    /// <summary>Called first: may supply the token from elsewhere (<see cref="SessionTokenMessageReceivedContext.Token"/>) or decide the result.</summary>
    public Func<SessionTokenMessageReceivedContext, Task> OnMessageReceived { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Called once the token is valid and its shop agrees with the request: may add claims or reject it.</summary>
    public Func<SessionTokenValidatedContext, Task> OnTokenValidated { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Called when the token was rejected, before the request is failed.</summary>
    public Func<SessionTokenFailedContext, Task> OnAuthenticationFailed { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Called before the challenge (bounce page or 401): may write its own response and call <c>HandleResponse()</c>.</summary>
    public Func<SessionTokenChallengeContext, Task> OnChallenge { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Invokes <see cref="OnMessageReceived"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task that completes when the hook has run.</returns>
    public virtual Task MessageReceived(SessionTokenMessageReceivedContext context) => OnMessageReceived(context);

    /// <summary>Invokes <see cref="OnTokenValidated"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task that completes when the hook has run.</returns>
    public virtual Task TokenValidated(SessionTokenValidatedContext context) => OnTokenValidated(context);

    /// <summary>Invokes <see cref="OnAuthenticationFailed"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task that completes when the hook has run.</returns>
    public virtual Task AuthenticationFailed(SessionTokenFailedContext context) => OnAuthenticationFailed(context);

    /// <summary>Invokes <see cref="OnChallenge"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A task that completes when the hook has run.</returns>
    public virtual Task Challenge(SessionTokenChallengeContext context) => OnChallenge(context);
}
