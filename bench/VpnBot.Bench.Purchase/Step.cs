namespace VpnBot.Bench.Purchase;

/// <summary>The steps of one purchase, in the order a customer walks them; each is timed from send to the bot's answer.</summary>
public enum Step
{
    /// <summary>/start → the greeting with the main menu (sendMessage).</summary>
    Start,
    /// <summary>"🛒 Купить / продлить" → the plans (sendMessage).</summary>
    Plans,
    /// <summary>buy:p:{plan} → the locations (editMessageText).</summary>
    Location,
    /// <summary>buy:s:{plan}:{server} → the payment methods (editMessageText).</summary>
    Method,
    /// <summary>buy:m:…:yookassa → payment created at YooKassa, the checkout with its pay button (editMessageText).</summary>
    Checkout,
    /// <summary>payment.succeeded POSTed to /webhooks/payments/yookassa → HTTP 200 (payment verified and committed).</summary>
    Webhook,
    /// <summary>payment.succeeded POSTed → the key's QR photo delivered (sendPhoto): provisioned on the panel and sent.</summary>
    PaymentToKey,
    /// <summary>The whole walk of one customer, /start sent → key delivered.</summary>
    Purchase,
}
