namespace VpnBot.Host.Telegram.Pipeline;

public static class CommandParser
{
    public static string? Command(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '/') return null;
        var end = text.IndexOfAny([' ', '\n', '@']);
        var command = end < 0 ? text : text[..end];
        return command.Length > 1 ? command.ToLowerInvariant() : null;
    }

    public static string? Argument(string? text)
    {
        if (Command(text) is null) return null;
        var space = text!.IndexOfAny([' ', '\n']);
        if (space < 0) return null;
        var arg = text[(space + 1)..].Trim();
        return arg.Length == 0 ? null : arg;
    }
}
