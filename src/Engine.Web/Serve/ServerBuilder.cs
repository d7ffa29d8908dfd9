using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Engine.Web.Serve;

/// <summary>The builder of the engine's own web servers (<c>engine serve</c>, <c>engine strava listen</c>).</summary>
internal static class ServerBuilder
{
    /// <summary>
    /// Without ASP.NET Core's defaults that read the working directory: for a CLI it is the user's folder, where an
    /// appsettings.json (another tool's) would configure the server and a file watcher would follow it for the life of
    /// the process. No logging providers: the commands print what the user needs.
    /// </summary>
    public static WebApplicationBuilder Create()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        return builder;
    }
}
