using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.AspNetCore.Endpoints;

/// <summary>Short plain-text error answers of the flow endpoints; they never echo request data.</summary>
internal static class PlainResponses
{
    public static Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
