using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Engine.Cli.Tests.Project;

/// <summary>The project's surrogate_key(): md5 of the parts as text joined by '-', a null part as '_engine_null_'.</summary>
public static class SurrogateKey
{
    public static string Of(params object?[] parts)
    {
        var text = string.Join('-', parts.Select(p => p switch
        {
            null => "_engine_null_",
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => p.ToString(),
        }));
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
