using Engine.Web.Docs;
using Xunit;

namespace Engine.Web.Tests.Docs;

public sealed class DocBlocksTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "engine-docblocks-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_doc_call_in_a_description_becomes_the_block_of_a_markdown_file_and_an_unknown_one_stays_visible()
    {
        Directory.CreateDirectory(Path.Combine(_root, "models", "dwh"));
        File.WriteAllText(Path.Combine(_root, "models", "dwh", "docs.md"), """
            {% docs polyline %}
            Google's **encoded polyline**, precision 1e5.
            {% enddocs %}

            {%- docs athlete -%}One Strava athlete.{%- enddocs -%}
            """);
        var docs = DocBlocks.Load(_root);
        Assert.Equal("Route: Google's **encoded polyline**, precision 1e5.", docs.Resolve("Route: {{ doc('polyline') }}"));
        Assert.Equal("One Strava athlete.", docs.Resolve("{{ doc(\"athlete\") }}"));
        Assert.Equal("{{ doc('missing') }}", docs.Resolve("{{ doc('missing') }}"));
        Assert.Null(docs.Resolve(null));
    }
}
