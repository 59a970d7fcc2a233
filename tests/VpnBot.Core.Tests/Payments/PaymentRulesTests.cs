using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Payments.CryptoPay;
using VpnBot.Payments.Stars;
using VpnBot.Payments.YooKassa;

namespace VpnBot.Core.Tests.Payments;

public class PaymentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("299.00", "RUB", true)]
    [InlineData("299", "rub", true)]
    [InlineData("298.99", "RUB", false)]
    [InlineData("299.01", "RUB", false)]
    [InlineData("299.00", "USD", false)]
    [InlineData("2990.0", "RUB", false)]
    public void Only_the_offered_amount_in_the_offered_currency_counts_as_paid(string amount, string currency, bool ok)
    {
        var payment = new Payment { PaymentMethod = "yookassa", Amount = 299m, Currency = "RUB" };
        Assert.Equal(ok, PaymentService.IsWhatWasOffered(payment, new Money(decimal.Parse(amount, CultureInfo.InvariantCulture), currency)));
    }

    [Property]
    public bool Extending_while_active_always_adds_to_the_current_expiry(PositiveInt left, PositiveInt days, PositiveInt hoursLater)
    {
        var remaining = TimeSpan.FromHours(left.Get % 2000 + 1);
        var later = TimeSpan.FromHours(hoursLater.Get % 2000);
        var d = days.Get % 400 + 1;
        var s = new Subscription { Status = SubscriptionStatus.Active, StartedAt = Now.AddDays(-1), ExpiresAt = Now + remaining };
        var at = Now + later;
        var expected = later < remaining ? Now + remaining + TimeSpan.FromDays(d) : at + TimeSpan.FromDays(d);
        s.Extend(d, at);
        return s.ExpiresAt == expected && s.Status == SubscriptionStatus.Active;
    }

    [Property]
    public bool A_refund_of_the_last_extension_restores_the_previous_expiry(PositiveInt left, PositiveInt days)
    {
        var remaining = TimeSpan.FromHours(left.Get % 2000 + 1);
        var d = days.Get % 400 + 1;
        var s = new Subscription { Status = SubscriptionStatus.Active, ExpiresAt = Now + remaining };
        s.Extend(d, Now);
        s.Shorten(d, Now);
        return s.ExpiresAt == Now + remaining && s.Status == SubscriptionStatus.Active;
    }

    [Fact]
    public void Paying_during_a_suspension_adds_time_but_keeps_the_suspension()
    {
        var s = new Subscription { Status = SubscriptionStatus.Suspended, ExpiresAt = Now.AddDays(5) };
        s.Extend(30, Now);
        Assert.Equal(SubscriptionStatus.Suspended, s.Status);
        Assert.Equal(Now.AddDays(35), s.ExpiresAt);
        s.Resume(Now);
        Assert.Equal(SubscriptionStatus.Active, s.Status);
    }

    [Fact]
    public void YooKassa_amounts_are_strings_with_two_decimals_in_any_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ru-RU");
            Assert.Equal("299.00", YooKassaAmount.Of(299m, "RUB").Value);
            Assert.Equal("1234.50", YooKassaAmount.Of(1234.5m, "RUB").Value);
            Assert.Equal(1234.5m, new YooKassaAmount("1234.50", "RUB").ToDecimal());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_yookassa_payment_maps_status_amount_our_id_and_the_saved_card()
    {
        var json = """
            {"id":"2f1c8d0e-000f-5000-9000-1a2b3c4d5e6f","status":"succeeded","paid":true,
             "amount":{"value":"299.00","currency":"RUB"},"metadata":{"payment_id":"42","tg_user_id":"1"},
             "payment_method":{"type":"bank_card","id":"pm-1","saved":true}}
            """;
        var payment = JsonSerializer.Deserialize<YooKassaPayment>(json, YooKassaJson.Options)!;
        var mapped = YooKassaGateway.ToGatewayPayment(payment);
        Assert.Equal(new GatewayPayment("2f1c8d0e-000f-5000-9000-1a2b3c4d5e6f", GatewayPaymentStatus.Succeeded, 299m, "RUB", 42, "pm-1", null), mapped);
    }

    [Fact]
    public void An_unsaved_card_and_a_foreign_metadata_id_are_not_taken()
    {
        var json = """
            {"id":"x","status":"canceled","amount":{"value":"1.00","currency":"RUB"},"metadata":{"payment_id":"42; DROP"},
             "payment_method":{"type":"bank_card","id":"pm-2","saved":false},"cancellation_details":{"party":"yoo_money","reason":"expired_on_confirmation"}}
            """;
        var mapped = YooKassaGateway.ToGatewayPayment(JsonSerializer.Deserialize<YooKassaPayment>(json, YooKassaJson.Options)!);
        Assert.Equal(GatewayPaymentStatus.Canceled, mapped.Status);
        Assert.Null(mapped.PaymentId);
        Assert.Null(mapped.SavedPaymentMethodId);
        Assert.Equal("expired_on_confirmation", mapped.CancellationReason);
    }

    [Fact]
    public void The_idempotence_key_is_stable_per_payment_and_fits_yookassas_limit()
    {
        var payment = new Payment { Id = 9_000_000_000, PaymentMethod = "yookassa", Currency = "RUB", CreatedAt = Now };
        var key = YooKassaGateway.IdempotenceKey("payment", payment);
        Assert.Equal(key, YooKassaGateway.IdempotenceKey("payment", payment));
        Assert.NotEqual(key, YooKassaGateway.IdempotenceKey("refund", payment));
        Assert.InRange(key.Length, 1, 64);
    }

    [Theory]
    [InlineData("vpnbot:42", 42L)]
    [InlineData("vpnbot:0", null)]
    [InlineData("vpnbot:-1", null)]
    [InlineData("vpnbot:1e3", null)]
    [InlineData("order-42", null)]
    [InlineData("", null)]
    public void Stars_payloads_carry_only_our_payment_id(string payload, long? expected) =>
        Assert.Equal(expected, StarsPayload.PaymentId(payload));

    [Fact]
    public void A_crypto_invoice_is_priced_in_fiat_or_in_its_asset()
    {
        var fiat = new CryptoPayInvoice { InvoiceId = 1, CurrencyType = "fiat", Fiat = "RUB", Asset = null, Amount = "299.00", Status = "paid", Payload = "vpnbot:7" };
        Assert.Equal(new GatewayPayment("1", GatewayPaymentStatus.Succeeded, 299m, "RUB", 7, null, null), CryptoPayGateway.ToGatewayPayment(fiat));
        var crypto = new CryptoPayInvoice { InvoiceId = 2, CurrencyType = "crypto", Asset = "USDT", Amount = "3.5", Status = "expired" };
        var mapped = CryptoPayGateway.ToGatewayPayment(crypto);
        Assert.Equal((3.5m, "USDT", GatewayPaymentStatus.Canceled), (mapped.Amount, mapped.Currency, mapped.Status));
    }

    [Fact]
    public void Backend_errors_are_stored_without_exceeding_the_column()
    {
        var e = new VpnBackendException(VpnBackendError.Timeout, new string('x', 5000));
        var text = BackendTaskProcessor.Describe(e);
        Assert.StartsWith("Timeout: xxx", text, StringComparison.Ordinal);
        Assert.Equal(1024, text.Length);
    }
}
