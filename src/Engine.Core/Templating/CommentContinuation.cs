using Scriban.Parsing;

namespace Engine.Core.Templating;

/// <summary>
/// Finds a line written as the continuation of a <c>#</c> comment. In Scriban a <c>#</c> comment ends at the end of its
/// line (a comment over several lines is <c>## ... ##</c>, Scriban's language.md, "Comments"), so such a line is read as
/// code and fails with a message about the code, not the comment. The failure names the cause instead.
/// </summary>
public static class CommentContinuation
{
    public const string Hint = "a '#' comment ends at the end of its line; write a comment over several lines as '## ... ##'";

    /// <summary>
    /// The last line (0-based) at or before <paramref name="errorLine"/> that directly follows a <c>#</c> comment's line in
    /// the same code block, with the column its code starts at; null when there is none.
    /// </summary>
    public static (int Line, int Column)? Before(string text, int errorLine)
    {
        (int, int)? found = null;
        var commentLine = -1;
        foreach (var token in new Lexer(text))
        {
            if (token.Start.Line > errorLine)
            {
                break;
            }

            switch (token.Type)
            {
                case TokenType.Comment:
                    commentLine = token.Start.Line;
                    break;
                case TokenType.NewLine:
                    break;
                case TokenType.CodeExit:
                    commentLine = -1;
                    found = null;
                    break;
                default:
                    if (commentLine >= 0 && token.Start.Line == commentLine + 1)
                    {
                        found = (token.Start.Line, token.Start.Column);
                    }

                    commentLine = -1;
                    break;
            }
        }

        return found;
    }
}
