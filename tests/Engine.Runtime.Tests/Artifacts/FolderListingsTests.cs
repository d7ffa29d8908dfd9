using Engine.Runtime.Artifacts;
using Xunit;

namespace Engine.Runtime.Tests.Artifacts;

public sealed class FolderListingsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-listings-" + Guid.NewGuid().ToString("N"));

    public FolderListingsTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "a", "b"));
        File.WriteAllText(Path.Combine(_root, "a", "one.sql"), "1");
        File.WriteAllText(Path.Combine(_root, "a", ".hidden.sql"), "2");
        File.WriteAllText(Path.Combine(_root, "a", "b", "two.sql"), "3");
        File.WriteAllText(Path.Combine(_root, "top.sql"), "4");
    }

    [Fact]
    public void Files_are_found_in_their_folder_and_nowhere_else()
    {
        var listings = new FolderListings(_root);

        Assert.True(listings.HasFile("a/one.sql"));
        Assert.True(listings.HasFile("a/.hidden.sql"));
        Assert.True(listings.HasFile("a/b/two.sql"));
        Assert.True(listings.HasFile("top.sql"));
        Assert.False(listings.HasFile("a/two.sql"));
        Assert.False(listings.HasFile("a/ONE.sql"));
        Assert.False(listings.HasFile("a/b"));
        Assert.False(listings.HasFile("missing/one.sql"));
    }

    [Fact]
    public void A_folder_is_listed_when_first_asked_about()
    {
        var listings = new FolderListings(_root);
        File.Delete(Path.Combine(_root, "a", "one.sql"));

        Assert.False(listings.HasFile("a/one.sql"));
        Assert.True(listings.HasFile("top.sql"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
