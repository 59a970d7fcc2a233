using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using static VpnBot.Host.Bots.Admin.AdminFormat;

namespace VpnBot.Host.Bots.Admin.Broadcast;

public static class BroadcastScreens
{
    private static readonly string CancelData = CallbackData.Build(AdminCallbacks.Broadcast, AdminCallbacks.Cancel);
    private static readonly string GoData = CallbackData.Build(AdminCallbacks.Broadcast, AdminCallbacks.Go);

    public static Screen Ask(BotTexts texts, UpdateContext context) =>
        new(texts.Get(context, "BroadcastAsk", BroadcastService.MaxTextLength), CancelOnly(texts, context));

    public static InlineKeyboardMarkup CancelOnly(BotTexts texts, UpdateContext context) => new(Button(texts.Get(context, "BroadcastCancel"), CancelData));

    public static InlineKeyboardMarkup Confirm(BotTexts texts, UpdateContext context) =>
        new([[Button(texts.Get(context, "BroadcastSend"), GoData)], [Button(texts.Get(context, "BroadcastCancel"), CancelData)]]);
}
