using Telegram.Bot.Types;

namespace VpnBot.Host.Telegram.Hosting;

/// <summary>
/// What Telegram always sends with an update (a message's chat, a button's presser, a payment's sender). An
/// update without it cannot come from Telegram and would only make handlers fail on a missing field, so it is
/// treated like one that cannot be decoded: logged with its id and skipped.
/// </summary>
public static class UpdateShape
{
    /// <summary>Why the update cannot be real, or null when it has what Telegram always sends.</summary>
    public static string? Missing(Update u)
    {
        foreach (var (name, message) in new[] { ("message", u.Message), ("edited_message", u.EditedMessage),
                     ("channel_post", u.ChannelPost), ("edited_channel_post", u.EditedChannelPost), ("callback_query.message", u.CallbackQuery?.Message) })
        {
            if (message is not null && message.Chat is null) return $"{name} without chat";
            // Only channels and anonymous group admins post without a sender; in a private chat there always is one.
            if (message is { From: null, Chat.Type: global::Telegram.Bot.Types.Enums.ChatType.Private } && name != "callback_query.message")
                return $"{name} in a private chat without from";
        }
        if (u.CallbackQuery is { From: null }) return "callback_query without from";
        if (u.PreCheckoutQuery is { From: null }) return "pre_checkout_query without from";
        if (u.InlineQuery is { From: null }) return "inline_query without from";
        if (u.MyChatMember is { } member && (member.Chat is null || member.From is null)) return "my_chat_member without chat or from";
        if (u.Message is { SuccessfulPayment: { } paid } && (paid.TelegramPaymentChargeId is null || paid.InvoicePayload is null || paid.Currency is null))
            return "successful_payment without charge id, payload or currency";
        return null;
    }
}
