using System.Globalization;
using Telegram.Bot;
using Telegram.Bot.Types;
using TgUser = Telegram.Bot.Types.User;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>Everything one update's handling needs; lives in the update's own DI scope.</summary>
public sealed class UpdateContext(BotKind bot, ITelegramBotClient client, Update update, IServiceProvider services, CancellationToken ct)
{
    public BotKind Bot { get; } = bot;
    public ITelegramBotClient Client { get; } = client;
    public Update Update { get; } = update;
    public IServiceProvider Services { get; } = services;
    public CancellationToken Ct { get; } = ct;

    public TgUser? From { get; } = UpdateFacts.From(update);
    public long? ChatId { get; } = UpdateFacts.ChatId(update);

    /// <summary>The registered user, set by the user middleware.</summary>
    public Core.Users.User? User { get; set; }

    public CultureInfo Culture { get; set; } = CultureInfo.GetCultureInfo("ru");

    public Message? Message => Update.Message;
    public CallbackQuery? Callback => Update.CallbackQuery;
    public string? Text => Update.Message?.Text;
    public string? CallbackData => Update.CallbackQuery?.Data;
    public bool IsPrivateChat => Update.Message?.Chat.Type is global::Telegram.Bot.Types.Enums.ChatType.Private
        || Update.CallbackQuery?.Message?.Chat.Type is global::Telegram.Bot.Types.Enums.ChatType.Private
        || UpdateFacts.IsMessagelessCallback(Update);

    /// <summary>"/start" for "/start@MyBot payload"; null when the text is not a command.</summary>
    public string? Command => CommandParser.Command(Text);

    /// <summary>The text after the command ("payload" in "/start payload").</summary>
    public string? CommandArgument => CommandParser.Argument(Text);

    /// <summary>Conversation state loaded by the router when needed.</summary>
    public ConversationState? State { get; set; }

    /// <summary>Set by a handler that already answered the callback query (so the fallback does not).</summary>
    public bool CallbackAnswered { get; set; }

    public long RequireChatId() => ChatId ?? throw new InvalidOperationException("The update has no chat.");

    /// <summary>The sender's user row; bots whose middleware registers users always have it.</summary>
    public Core.Users.User RequireUser() => User ?? throw new InvalidOperationException("No user: the bot's middleware did not register the sender.");
}

public sealed record ConversationState(string Step, IReadOnlyDictionary<string, string> Data)
{
    public string? this[string key] => Data.TryGetValue(key, out var v) ? v : null;
}
