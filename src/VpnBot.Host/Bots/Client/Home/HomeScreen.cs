using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Home;

public static class HomeScreen
{
    /// <summary>The inline main menu, optionally under a line saying what just happened.</summary>
    public static Screen Build(BotTexts texts, UpdateContext context, string? lead = null) =>
        new((lead is null ? "" : lead + "\n\n") + texts.Get(context, "HomeTitle"), HomeMenuKeyboard.Build(texts, context));
}
