using QRCoder;

namespace VpnBot.Vpn.Qr;

public static class QrCode
{
    /// <summary>
    /// Binary-mode capacity at ECC level M for version 40. A WireGuard .conf (~350 bytes) and a
    /// VLESS link (~300 bytes) fit easily; an .ovpn with inline certificates (~5 KB) does not,
    /// which is why OpenVPN profiles are delivered as files only.
    /// </summary>
    public const int MaxBytes = 2331;

    public static bool Fits(string text) => System.Text.Encoding.UTF8.GetByteCount(text) <= MaxBytes;

    /// <summary>A PNG sized to be scanned off a phone screen: 8 pixels per module plus the quiet zone.</summary>
    public static byte[] Png(string text, int pixelsPerModule = 8)
    {
        if (!Fits(text)) throw new ArgumentException($"QR data is {System.Text.Encoding.UTF8.GetByteCount(text)} bytes; the limit is {MaxBytes}.", nameof(text));
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
