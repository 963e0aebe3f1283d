using System.Globalization;
using Microsoft.AspNetCore.Http;
using Shopify.DualAuth.Testing.Emulator.AdminApi;
using Shopify.DualAuth.Testing.Emulator.Faults;
using Shopify.DualAuth.Testing.Emulator.OAuth;
using Shopify.DualAuth.Testing.Emulator.Recording;
using Shopify.DualAuth.Testing.Emulator.State;

namespace Shopify.DualAuth.Testing.Emulator.Hosting;

/// <summary>
/// The one request pipeline both hosts run: route, read the request, take an injected fault if one
/// matches, compute the answer, record it, then send it (or drop it, for a lost answer).
/// </summary>
internal sealed class EmulatorPipeline(EmulatorState state, EmulatorFaults faults, RequestLog log, CancellationToken stopping)
{
    private readonly AuthorizeEndpoint _authorize = new(state);
    private readonly AccessTokenEndpoint _accessToken = new(state);
    private readonly GraphQLEndpoint _graphQL = new(state);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var route = EmulatorRouter.Match(request);
        var entry = new EmulatorRequest(state.Now, request.Method, request.Path.Value ?? "/", route.Shop, route.Endpoint, null, null, null, null);
        if (route.Endpoint is not { } endpoint)
        {
            await RespondAsync(context, entry, EmulatorResponse.ApiError(404, "Not Found")).ConfigureAwait(false);
            return;
        }

        if (!string.Equals(request.Method, route.Method, StringComparison.OrdinalIgnoreCase))
        {
            await RespondAsync(context, entry, new EmulatorResponse { StatusCode = 405, Allow = route.Method }).ConfigureAwait(false);
            return;
        }

        EmulatedShop? shop;
        lock (state.Gate)
        {
            shop = state.FindShop(route.Shop!);
        }

        if (shop is null)
        {
            await RespondAsync(context, entry, EmulatorResponse.ApiError(404, "Not Found")).ConfigureAwait(false);
            return;
        }

        var aborted = context.RequestAborted;
        TokenRequest? tokenRequest = null;
        string? query = null;
        if (endpoint == EmulatorEndpoint.AccessToken)
        {
            tokenRequest = await TokenRequest.ReadAsync(request, aborted).ConfigureAwait(false);
            entry = entry with { Grant = tokenRequest.Grant };
        }
        else if (endpoint == EmulatorEndpoint.GraphQL)
        {
            query = await GraphQLRequest.ReadQueryAsync(request, aborted).ConfigureAwait(false);
        }

        var fault = faults.TryTake(endpoint, shop.Domain, entry.Grant);
        if (fault is not null && fault.Kind is not (EmulatorFaultKind.LostAnswer or EmulatorFaultKind.HeldAnswer))
        {
            await InjectAsync(context, entry, fault).ConfigureAwait(false);
            return;
        }

        var response = endpoint switch
        {
            EmulatorEndpoint.Authorize => _authorize.Handle(shop, request.Query),
            EmulatorEndpoint.AccessToken => _accessToken.Handle(shop, tokenRequest!),
            _ => _graphQL.Handle(shop, request.Headers["X-Shopify-Access-Token"].ToString() is { Length: > 0 } token ? token : null, query),
        };

        if (fault is not null)
        {
            // Shopify did the work; the answer never reaches the client, at once or after a hang.
            log.Add(entry with { StatusCode = response.StatusCode, Error = response.Error, Fault = fault.Kind });
            if (fault.Kind == EmulatorFaultKind.HeldAnswer)
            {
                await HangAsync(context).ConfigureAwait(false);
            }

            context.Abort();
            return;
        }

        await RespondAsync(context, entry, response).ConfigureAwait(false);
    }

    private async Task RespondAsync(HttpContext context, EmulatorRequest entry, EmulatorResponse response)
    {
        log.Add(entry with { StatusCode = response.StatusCode, Error = response.Error });
        await response.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task HangAsync(HttpContext context)
    {
        using var hang = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, hang.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, or the emulator is shutting down.
        }
    }

    private async Task InjectAsync(HttpContext context, EmulatorRequest entry, EmulatorFault fault)
    {
        switch (fault.Kind)
        {
            case EmulatorFaultKind.ErrorStatus:
                var status = fault.StatusCode!.Value;
                log.Add(entry with { StatusCode = status, Fault = fault.Kind });
                await EmulatorResponse.Html(status, string.Create(CultureInfo.InvariantCulture, $"Error {status}"), "The emulator injected this failure.")
                    .WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
                break;
            case EmulatorFaultKind.TooManyRequests:
                log.Add(entry with { StatusCode = 429, Fault = fault.Kind });
                var throttled = EmulatorResponse.ApiError(429, "Exceeded the rate limit. Reduce request rates to resume uninterrupted service.");
                await new EmulatorResponse
                {
                    StatusCode = 429,
                    ContentType = throttled.ContentType,
                    Body = throttled.Body,
                    RetryAfter = ((long)fault.RetryAfter!.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                }.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
                break;
            case EmulatorFaultKind.Timeout:
                log.Add(entry with { Fault = fault.Kind });
                await HangAsync(context).ConfigureAwait(false);
                context.Abort();
                break;
            default:
                log.Add(entry with { Fault = fault.Kind });
                context.Abort();
                break;
        }
    }
}
