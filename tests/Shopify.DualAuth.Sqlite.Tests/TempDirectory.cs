namespace Shopify.DualAuth.Sqlite.Tests;

/// <summary>A folder of its own per test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dualauth-sqlite-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Everything SQLite keeps for <paramref name="database"/>: the file and its WAL, read while the store may hold them open.</summary>
    public static byte[] ReadDatabaseBytes(string database)
    {
        using var all = new MemoryStream();
        foreach (var file in new[] { database, database + "-wal" })
        {
            if (System.IO.File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.CopyTo(all);
            }
        }

        return all.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still be releasing a handle; the OS temp cleaner takes the rest.
        }
    }
}
