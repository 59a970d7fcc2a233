using VpnBot.Core.Payments;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin.Alerts;

/// <summary>
/// The buttons under a payment alert: activate it as offered, refund it (asks first), or mark a settled one
/// done. The alert is rewritten with who decided; a second press, or another admin's, finds it decided.
/// </summary>
public sealed class ReviewDecisionHandler(PaymentReviews reviews, BotTexts texts, ScreenRenderer screens, ILogger<ReviewDecisionHandler> log) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var data = CallbackData.Parse(context.CallbackData);
        if (data.LongArg(1) is not { } paymentId || await reviews.FindAsync(paymentId, context.Ct) is not { User: not null } payment)
        {
            await screens.AnswerAsync(context, texts.Get(context, "AdminStale"));
            return;
        }
        if (!payment.NeedsReview)
        {
            await screens.AnswerAsync(context, texts.Get(context, "AlertAlreadyDecided"), alert: true);
            await screens.ShowAsync(context, AlertScreens.Review(texts, context.Culture, payment, texts.Get(context, "AlertAlreadyDecided")));
            return;
        }
        switch (data.Arg(0))
        {
            case "r":
                await screens.ShowAsync(context, AlertScreens.RefundConfirm(texts, context.Culture, payment));
                return;
            case "m":
                await screens.ShowAsync(context, AlertScreens.RefundConfirm(texts, context.Culture, payment, byHand: true));
                return;
            case "my":
                await DecideAsync(context, payment, ReviewDecision.RefundedByHand, "AlertRefunded");
                return;
            case "b":
                await screens.ShowAsync(context, AlertScreens.Review(texts, context.Culture, payment));
                return;
            case "a":
                await DecideAsync(context, payment, ReviewDecision.Activate, "AlertActivated");
                return;
            case "ry":
                await DecideAsync(context, payment, ReviewDecision.Refund, "AlertRefunded");
                return;
            case "d":
                await DecideAsync(context, payment, ReviewDecision.Dismiss, "AlertDismissed");
                return;
            default:
                await screens.AnswerAsync(context, texts.Get(context, "AdminStale"));
                return;
        }
    }

    private async Task DecideAsync(UpdateContext context, Payment payment, ReviewDecision decision, string doneKey)
    {
        var admin = context.RequireUser();
        PaymentOutcome outcome;
        try
        {
            outcome = await reviews.DecideAsync(admin.TelegramId, payment.Id, decision, context.Ct);
        }
        catch (PaymentException e)
        {
            log.LogWarning("Review decision {Decision} on payment {PaymentId} failed: {Reason}", decision, payment.Id, e.Message);
            await screens.AnswerAsync(context, texts.Get(context, "AlertFailed", e.Message), alert: true);
            return;
        }
        var decided = outcome.Kind is PaymentOutcomeKind.Completed or PaymentOutcomeKind.Refunded or PaymentOutcomeKind.RefundPending
            or PaymentOutcomeKind.ReviewDismissed;
        if (!decided)
        {
            await screens.AnswerAsync(context, texts.Get(context, "AlertFailed", outcome.Reason), alert: true);
            return;
        }
        var who = admin.Username is { } u ? "@" + u : admin.FirstName ?? admin.TelegramId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var note = texts.Get(context, doneKey, System.Net.WebUtility.HtmlEncode(who));
        var current = await reviews.FindAsync(payment.Id, context.Ct) ?? payment;
        await screens.ShowAsync(context, AlertScreens.Review(texts, context.Culture, current, note), note);
    }
}
