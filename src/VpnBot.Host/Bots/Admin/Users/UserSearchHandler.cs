using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Admin.Users;

/// <summary>
/// "/user 123456789", "/user @name", the "Users" button (asks for the id, then the answer arrives as
/// text in the admin.user step) and "usr:{id}" (a card's refresh): all end on the user's card.
/// </summary>
public sealed class UserSearchHandler(UserAdministration users, BotTexts texts, ScreenRenderer screens, IConversationStore conversations) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var chatId = context.RequireChatId();
        if (context.Callback is not null)
        {
            var data = CallbackData.Parse(context.CallbackData);
            if (data.LongArg(0) is { } telegramId)
            {
                await ShowAsync(context, telegramId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }
            await AskAsync(context, chatId);
            return;
        }
        var query = context.Command is null ? context.Text : context.CommandArgument;
        if (string.IsNullOrWhiteSpace(query))
        {
            await AskAsync(context, chatId);
            return;
        }
        await conversations.ClearAsync(context.Bot, chatId, context.Ct);
        await ShowAsync(context, query);
    }

    private async Task AskAsync(UpdateContext context, long chatId)
    {
        await conversations.SetAsync(context.Bot, chatId, new ConversationState(AdminCallbacks.UserQueryStep, new Dictionary<string, string>()), context.Ct);
        await screens.ShowAsync(context, UserScreens.Ask(texts, context));
    }

    private async Task ShowAsync(UpdateContext context, string query)
    {
        var found = await users.FindAsync(query, context.Ct);
        var card = found is null ? null : await users.CardAsync(found.TelegramId, context.Ct);
        var trimmed = query.Trim();
        await screens.ShowAsync(context, card is null
            ? UserScreens.NotFound(texts, context, trimmed.Length > 64 ? trimmed[..64] + "…" : trimmed)
            : UserScreens.Card(texts, context, card));
    }
}
