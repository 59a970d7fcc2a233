using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Instructions;

/// <summary>Instructions: device → protocol → the steps (ins, ins:{platform}, ins:{platform}:{protocol}).</summary>
public static class InstructionsScreens
{
    public static Screen Platforms(BotTexts texts, UpdateContext context)
    {
        var buttons = InstructionCatalog.Platforms
            .Select(p => NavButtons.Button(texts.Get(context, p.LabelKey), CallbackData.Build(ClientCallbacks.Instructions, p.Id)))
            .Chunk(2)
            .Append(NavButtons.Row(texts, context));
        return new Screen(texts.Get(context, "InsPick"), new InlineKeyboardMarkup(buttons));
    }

    public static Screen Protocols(BotTexts texts, UpdateContext context, string platformId, string platformLabelKey)
    {
        var buttons = InstructionCatalog.Protocols
            .Select(p => new[] { NavButtons.Button(ProtocolNames.Display(texts, context, p),
                CallbackData.Build(ClientCallbacks.Instructions, platformId, ProtocolNames.Id(p))) })
            .Append(NavButtons.Row(texts, context, ClientCallbacks.Instructions));
        return new Screen(texts.Get(context, "InsPickProtocol", texts.Get(context, platformLabelKey)), new InlineKeyboardMarkup(buttons));
    }

    public static Screen Steps(BotTexts texts, UpdateContext context, string platformId, VpnProtocol protocol)
    {
        var text = texts.Get(context, InstructionCatalog.TextKey(platformId, protocol)) + "\n\n" + texts.Get(context, InstructionCatalog.TroubleKey(protocol));
        var back = CallbackData.Build(ClientCallbacks.Instructions, platformId);
        return new Screen(text, new InlineKeyboardMarkup([NavButtons.Row(texts, context, back)]));
    }
}
