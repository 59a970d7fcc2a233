using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram.Navigation;

/// <summary>
/// Shows a screen the way a polished bot does: a button press edits the message it was pressed
/// on (and always answers the callback so the button stops spinning); anything else, or an edit
/// Telegram refuses (message too old, deleted, a photo), sends a new message instead.
/// </summary>
public sealed class ScreenRenderer(ILogger<ScreenRenderer> log)
{
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public async Task ShowAsync(UpdateContext context, Screen screen, string? toast = null)
    {
        var chatId = context.RequireChatId();
        if (context.Callback is { } callback)
        {
            await AnswerAsync(context, toast);
            if (callback.Message is { } message && await TryEditAsync(context, chatId, message.MessageId, screen)) return;
        }
        await context.Client.SendMessage(chatId, screen.Text, parseMode: screen.ParseMode, replyMarkup: screen.Keyboard,
            linkPreviewOptions: NoPreview, cancellationToken: context.Ct);
    }

    /// <summary>
    /// Shows a screen as a new message even for a button press (the pressed message stays as it
    /// is: a support answer must not be replaced by the screen its "Reply" button opens).
    /// </summary>
    public async Task ShowBelowAsync(UpdateContext context, Screen screen, string? toast = null)
    {
        await AnswerAsync(context, toast);
        await context.Client.SendMessage(context.RequireChatId(), screen.Text, parseMode: screen.ParseMode, replyMarkup: screen.Keyboard,
            linkPreviewOptions: NoPreview, cancellationToken: context.Ct);
    }

    /// <summary>Answers the callback once; a query Telegram no longer accepts (too old) is not an error.</summary>
    public async Task AnswerAsync(UpdateContext context, string? text = null, bool alert = false)
    {
        if (context.Callback is not { } callback || context.CallbackAnswered) return;
        context.CallbackAnswered = true;
        try
        {
            await context.Client.AnswerCallbackQuery(callback.Id, text, alert, cancellationToken: context.Ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            log.LogDebug("Callback {CallbackId} could not be answered: {Reason}", callback.Id, e.Message);
        }
    }

    private async Task<bool> TryEditAsync(UpdateContext context, long chatId, int messageId, Screen screen)
    {
        try
        {
            await context.Client.EditMessageText(chatId, messageId, screen.Text, parseMode: screen.ParseMode,
                replyMarkup: screen.Keyboard, linkPreviewOptions: NoPreview, cancellationToken: context.Ct);
            return true;
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400 && IsNotModified(e))
        {
            return true; // The same screen again (a double tap, a refresh with no news): it is already shown.
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            log.LogDebug("Message {MessageId} could not be edited ({Reason}); sending a new one", messageId, e.Message);
            return false;
        }
    }

    private static bool IsNotModified(ApiRequestException e) =>
        e.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);
}
