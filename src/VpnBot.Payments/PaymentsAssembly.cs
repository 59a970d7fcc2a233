namespace VpnBot.Payments;

/// <summary>Marker for the payment-gateway infrastructure (YooKassa, Crypto Pay; Telegram Stars lives with the bots).</summary>
public static class PaymentsAssembly;
