using System.Globalization;

namespace VpnBot.Payments.Stars;

/// <summary>The invoice payload carries our payment id: "vpnbot:{id}".</summary>
public static class StarsPayload
{
    private const string Prefix = "vpnbot:";

    public static string For(long paymentId) => Prefix + paymentId.ToString(CultureInfo.InvariantCulture);

    public static long? PaymentId(string? payload) =>
        payload is not null && payload.StartsWith(Prefix, StringComparison.Ordinal)
        && long.TryParse(payload.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
}
