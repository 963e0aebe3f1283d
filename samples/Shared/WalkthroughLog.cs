using System.Globalization;

namespace Samples.Shared;

/// <summary>Prints each walkthrough step and a closing table; remembers whether anything failed.</summary>
internal sealed class WalkthroughLog(TextWriter output)
{
    private int _step;

    public bool Failed { get; private set; }

    public void Step(string text) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{++_step,2}] {text}"));

    public void Detail(string text) => output.WriteLine($"       {text}");

    public bool Check(bool condition, string what)
    {
        output.WriteLine($"       {(condition ? "ok  " : "FAIL")} {what}");
        Failed |= !condition;
        return condition;
    }

    public void Table(string title, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine();
        output.WriteLine(title);
        output.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
