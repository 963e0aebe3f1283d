using System.Net;
using System.Text;

namespace Samples.Shared;

/// <summary>Plain pages with inline CSS: nothing is loaded from a CDN.</summary>
internal static class Html
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f6f7;color:#202223}
        header{background:#1a1a1a;color:#fff;padding:12px 24px;font-weight:600}
        header small{font-weight:400;color:#b5b5b5;margin-left:8px}
        main{max-width:960px;margin:24px auto;padding:0 24px}
        section{background:#fff;border:1px solid #e1e3e5;border-radius:8px;padding:16px 20px;margin-bottom:16px}
        h1{font-size:22px;margin:0 0 12px} h2{font-size:16px;margin:0 0 10px}
        table{border-collapse:collapse;width:100%;font-size:13px} th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e1e3e5;vertical-align:top}
        th{background:#fafbfb} code{font-size:12px;word-break:break-all}
        label{display:block;margin:8px 0 2px;font-size:13px;color:#6d7175}
        input{padding:7px 9px;border:1px solid #c9cccf;border-radius:4px;width:280px}
        button{background:#008060;color:#fff;border:0;border-radius:4px;padding:8px 14px;font-size:14px;cursor:pointer;margin:4px 6px 4px 0}
        button.secondary{background:#fff;color:#202223;border:1px solid #c9cccf}
        form.inline{display:inline}
        pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#fafbfb;padding:8px;border-radius:4px}
        .note{font-size:13px;color:#6d7175}
        """;

    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    public static IResult Page(string title, string mode, string body, string? head = null)
    {
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append(head)
            .Append("<title>").Append(Encode(title)).Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<header>").Append(Encode(title)).Append("<small>").Append(Encode(mode)).Append("</small></header><main>")
            .Append(body)
            .Append("</main></body></html>")
            .ToString();
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows)
    {
        var html = new StringBuilder("<table><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</table>").ToString();
    }
}
