using Engine.Web.Tests.Support;
using Xunit;

namespace Engine.Web.Tests.Browser;

/// <summary>One <see cref="StravaSite"/> (one engine run, one server, one browser) shared by the browser test classes.</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<StravaSite>
{
    public const string Name = "site";
}
