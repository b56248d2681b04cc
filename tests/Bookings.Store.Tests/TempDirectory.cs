namespace Bookings.Store.Tests;

// A real directory of its own for one test, deleted with everything in it afterwards.
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bookings-store-tests-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
