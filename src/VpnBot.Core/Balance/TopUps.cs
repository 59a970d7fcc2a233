using System.Globalization;
using Microsoft.Extensions.Options;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Balance;

/// <summary>
/// Topping up the balance through the payment providers. A top-up is a <see cref="Payment"/> with purpose TopUp:
/// it completes through the same verified, exactly-once paths as a purchase (webhook, "I paid", the sweep), and its
/// completion credits the ledger in that same transaction.
/// </summary>
public sealed class TopUps(PaymentService payments, IEnumerable<IPaymentGateway> gateways, IOptionsMonitor<BalanceOptions> options)
{
    public BalanceOptions Options => options.CurrentValue;

    /// <summary>Whole rubles within the configured limits; null when <paramref name="text"/> is not such an amount.</summary>
    public decimal? ParseAmount(string? text)
    {
        var t = text?.Trim().TrimEnd('₽').Replace(" ", "", StringComparison.Ordinal);
        if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var rub)) return null;
        return IsAllowed(rub) ? rub : null;
    }

    public bool IsAllowed(decimal rub) =>
        rub == decimal.Truncate(rub) && rub >= Options.MinTopUpRub && rub <= Options.MaxTopUpRub;

    /// <summary>The configured providers that can take <paramref name="rub"/>, with what each charges.</summary>
    public IReadOnlyList<PaymentOption> OptionsFor(decimal rub)
    {
        var asPlan = Describe(rub);
        return [.. gateways.Where(g => g.IsConfigured)
            .Select(g => (g.Name, Price: g.PriceFor(asPlan)))
            .Where(o => o.Price is not null)
            .Select(o => new PaymentOption(o.Name, o.Price!.Value))];
    }

    /// <summary>Opens a top-up of <paramref name="rub"/> through <paramref name="method"/>; the customer pays at the returned URL.</summary>
    /// <exception cref="PaymentException">Amount outside the limits, provider not offered or down, user banned.</exception>
    public Task<PaymentStart> StartAsync(long userId, decimal rub, string method, CancellationToken ct)
    {
        if (!IsAllowed(rub))
            throw new PaymentException(PaymentError.InvalidAmount, $"A top-up is {Options.MinTopUpRub}..{Options.MaxTopUpRub} whole rubles, not {rub}.");
        var gateway = payments.Gateway(method);
        var asPlan = Describe(rub);
        if (gateway is not { IsConfigured: true } || gateway.PriceFor(asPlan) is not { } price)
            throw new PaymentException(PaymentError.MethodUnavailable, $"Top-ups through '{method}' are not available.");
        return payments.OpenTopUpAsync(userId, gateway, asPlan, price, rub, ct);
    }

    /// <summary>What a refund of <paramref name="payment"/> to the balance credits: its RUB value plus its balance part.</summary>
    public decimal? RubValueOf(Payment payment)
    {
        var provider = payment.Currency.ToUpperInvariant() switch
        {
            "RUB" => payment.Amount,
            PaymentMethods.StarsCurrency when Options.StarsPerRub is > 0 and var rate => decimal.Floor(payment.Amount / rate * 100) / 100,
            _ => (decimal?)null,
        };
        return provider + payment.FromBalance;
    }

    /// <summary>Refunds to the balance (the admin's choice); null when the payment's currency has no RUB value here.</summary>
    public async Task<PaymentOutcome?> RefundToBalanceAsync(Payment payment, long? actorUserId, string reason, CancellationToken ct) =>
        RubValueOf(payment) is { } rub ? await payments.RefundToBalanceAsync(payment.Id, rub, actorUserId, reason, ct) : null;

    /// <summary>The top-up as the providers see it: a "plan" with the ruble price and the Stars price at the configured rate.</summary>
    private SubscriptionPlan Describe(decimal rub) => new()
    {
        Name = "Balance top-up",
        Description = $"Balance top-up: {rub:0} RUB",
        Price = rub,
        Currency = "RUB",
        PriceStars = Options.StarsPerRub is > 0 and var rate ? (int)decimal.Ceiling(rub * rate) : null,
    };
}
