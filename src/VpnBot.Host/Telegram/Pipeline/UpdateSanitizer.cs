using System.Text;
using Telegram.Bot.Types;
using TgUser = Telegram.Bot.Types.User;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>
/// Normalizes the text a user can put in an update, once, before any handler sees it. PostgreSQL
/// refuses a NUL in a text column (the row, a support ticket say, is lost and the customer gets an
/// apology), and a lone UTF-16 surrogate cannot be encoded as UTF-8 by the database driver or sent
/// back to Telegram. NUL and the other C0 controls except tab and line breaks are dropped; a lone
/// surrogate becomes U+FFFD. Doing it at the edge keeps every handler and table safe, not just one.
/// </summary>
public static class UpdateSanitizer
{
    public static void Sanitize(Update update)
    {
        Message(update.Message);
        Message(update.EditedMessage);
        Message(update.ChannelPost);
        Message(update.EditedChannelPost);
        if (update.CallbackQuery is { } callback)
        {
            callback.Data = Clean(callback.Data);
            User(callback.From);
            Message(callback.Message);
        }
        if (update.PreCheckoutQuery is { } preCheckout)
        {
            preCheckout.InvoicePayload = Clean(preCheckout.InvoicePayload)!;
            User(preCheckout.From);
        }
        if (update.MyChatMember is { } member)
        {
            User(member.From);
            Chat(member.Chat);
        }
        if (update.InlineQuery is { } inline)
        {
            inline.Query = Clean(inline.Query)!;
            User(inline.From);
        }
    }

    /// <summary>The text without characters PostgreSQL or Telegram refuse; the same instance when it is clean.</summary>
    public static string? Clean(string? text)
    {
        if (string.IsNullOrEmpty(text) || IsClean(text)) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append('\uFFFD');
            }
            else if (!IsRefusedControl(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsRefusedControl(c)) return false;
            if (!char.IsSurrogate(c)) continue;
            if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
            i++;
        }
        return true;
    }

    private static bool IsRefusedControl(char c) => c < ' ' && c is not ('\t' or '\n' or '\r');

    private static void Message(Message? message)
    {
        if (message is null) return;
        message.Text = Clean(message.Text);
        message.Caption = Clean(message.Caption);
        User(message.From);
        Chat(message.Chat);
        if (message.Document is { } document) document.FileName = Clean(document.FileName);
        if (message.SuccessfulPayment is { } paid) paid.InvoicePayload = Clean(paid.InvoicePayload)!;
        if (message.Contact is { } contact)
        {
            contact.FirstName = Clean(contact.FirstName)!;
            contact.LastName = Clean(contact.LastName);
        }
        Message(message.ReplyToMessage);
    }

    private static void User(TgUser? user)
    {
        if (user is null) return;
        user.FirstName = Clean(user.FirstName)!;
        user.LastName = Clean(user.LastName);
        user.Username = Clean(user.Username);
        user.LanguageCode = Clean(user.LanguageCode);
    }

    private static void Chat(Chat? chat)
    {
        if (chat is null) return;
        chat.Title = Clean(chat.Title);
        chat.FirstName = Clean(chat.FirstName);
        chat.LastName = Clean(chat.LastName);
        chat.Username = Clean(chat.Username);
    }
}
