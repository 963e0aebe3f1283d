using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Shopify.DualAuth.Testing.Emulator.Hosting;

/// <summary>
/// An answer computed before anything is written, so the request log is complete before the client
/// can see the response, and a "lost answer" fault can drop it after the state change.
/// </summary>
internal sealed class EmulatorResponse
{
    public required int StatusCode { get; init; }

    public string? ContentType { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    public string? Location { get; init; }

    public string? RetryAfter { get; init; }

    public string? Allow { get; init; }

    /// <summary>The OAuth <c>error</c> code, for the request log.</summary>
    public string? Error { get; init; }

    public static EmulatorResponse Json(int statusCode, Action<Utf8JsonWriter> write, string? error = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return new EmulatorResponse
        {
            StatusCode = statusCode,
            ContentType = "application/json; charset=utf-8",
            Body = buffer.WrittenMemory,
            Error = error,
        };
    }

    /// <summary>The OAuth error body of the token endpoint: <c>{"error","error_description"}</c>.</summary>
    public static EmulatorResponse OAuthError(int statusCode, string error, string description)
        => Json(
            statusCode,
            json =>
            {
                json.WriteStartObject();
                json.WriteString("error", error);
                json.WriteString("error_description", description);
                json.WriteEndObject();
            },
            error);

    /// <summary>The Admin API's error body: <c>{"errors": "..."}</c>.</summary>
    public static EmulatorResponse ApiError(int statusCode, string message)
        => Json(
            statusCode,
            json =>
            {
                json.WriteStartObject();
                json.WriteString("errors", message);
                json.WriteEndObject();
            });

    /// <summary>The page a browser sees when Shopify refuses an authorize request.</summary>
    public static EmulatorResponse OAuthErrorPage(int statusCode, string error, string message)
        => Html(statusCode, $"Oauth error {error}", message, error);

    public static EmulatorResponse Html(int statusCode, string title, string message, string? error = null)
    {
        var page = $"<!DOCTYPE html><html><head><title>{WebUtility.HtmlEncode(title)}</title></head><body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>";
        return new EmulatorResponse
        {
            StatusCode = statusCode,
            ContentType = "text/html; charset=utf-8",
            Body = Encoding.UTF8.GetBytes(page),
            Error = error,
        };
    }

    public static EmulatorResponse Redirect(string location, string? error = null)
        => new() { StatusCode = StatusCodes.Status302Found, Location = location, Error = error };

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        response.Headers.CacheControl = "no-store";
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (RetryAfter is not null)
        {
            response.Headers.RetryAfter = RetryAfter;
        }

        if (Allow is not null)
        {
            response.Headers.Allow = Allow;
        }

        if (ContentType is not null)
        {
            response.ContentType = ContentType;
        }

        response.ContentLength = Body.Length;
        if (!Body.IsEmpty)
        {
            await response.Body.WriteAsync(Body, cancellationToken).ConfigureAwait(false);
        }
    }
}
