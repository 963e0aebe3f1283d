using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Shopify.DualAuth.AspNetCore.Endpoints;

/// <summary>
/// The two tiny HTML pages the flows need, both loading App Bridge
/// (<c>https://cdn.shopify.com/shopifycloud/app-bridge.js</c>, configured by the
/// <c>shopify-api-key</c> meta tag): the session-token bounce page, and the page that breaks out of
/// the admin iframe to the top window.
/// </summary>
internal static class AppBridgePages
{
    public const string AppBridgeScript = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

    /// <summary>
    /// The bounce page: App Bridge itself reads <c>shopify-reload</c> and reloads that address with a
    /// fresh <c>id_token</c>, so the page needs no script of its own.
    /// </summary>
    public static Task WriteBounceAsync(HttpContext context, string clientId, ShopDomain? shop)
        => WriteAsync(context, clientId, shop, body: string.Empty);

    /// <summary>
    /// The iframe exit: inside the admin, App Bridge turns <c>window.open(url, "_top")</c> into a
    /// top-level navigation; outside it the same call navigates the window itself.
    /// </summary>
    public static Task WriteExitIframeAsync(HttpContext context, string clientId, ShopDomain? shop, Uri target)
        => WriteAsync(context, clientId, shop, $"<script>window.open(\"{JavaScriptEncoder.Default.Encode(target.AbsoluteUri)}\", \"_top\");</script>");

    private static Task WriteAsync(HttpContext context, string clientId, ShopDomain? shop, string body)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";

        // The admin frames these pages; nobody else may.
        response.Headers.ContentSecurityPolicy = shop is null
            ? "frame-ancestors https://admin.shopify.com https://*.myshopify.com;"
            : $"frame-ancestors https://{shop.Value} https://admin.shopify.com;";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        var html = $"""
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="utf-8">
            <meta name="shopify-api-key" content="{WebUtility.HtmlEncode(clientId)}">
            <script src="{AppBridgeScript}"></script>
            </head>
            <body>{body}</body>
            </html>
            """;
        return response.WriteAsync(html, context.RequestAborted);
    }
}
