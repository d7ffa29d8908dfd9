using System.Net;

namespace Engine.Web;

/// <summary>HTML-encodes text for element content and attributes.</summary>
public static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
