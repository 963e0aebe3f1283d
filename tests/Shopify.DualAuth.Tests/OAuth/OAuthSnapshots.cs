using Snapshooter;
using Snapshooter.Xunit3;

namespace Shopify.DualAuth.Tests.OAuth;

/// <summary>
/// Snapshots kept in <c>OAuth/__snapshots__</c>, found from the test binaries rather than from PDB
/// paths (a CI build maps source paths to <c>/_/</c>, where Snapshooter would look in vain).
/// A missing snapshot fails the test unless <c>SNAPSHOOTER_CREATE=1</c> is set to record new ones.
/// </summary>
internal static class OAuthSnapshots
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static void Match(object value, string name)
    {
        var fileName = $"{name}.snap";
        if (!File.Exists(Path.Combine(Folder.Value, "__snapshots__", fileName)) && Environment.GetEnvironmentVariable("SNAPSHOOTER_CREATE") != "1")
        {
            Assert.Fail($"Snapshot {fileName} is missing; run the tests once with SNAPSHOOTER_CREATE=1 to record it, review it and commit it.");
        }

        Snapshot.Match(value, new SnapshotFullName(fileName, Folder.Value));
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Shopify.DualAuth.Tests.csproj")))
            {
                return Path.Combine(directory.FullName, "OAuth");
            }
        }

        throw new InvalidOperationException("The test project folder was not found above " + AppContext.BaseDirectory);
    }
}
