using System.Buffers.Binary;
using System.IO.Compression;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace VpnBot.TestKit.Qr;

/// <summary>
/// Reads a QR code PNG back to its text with ZXing, as a phone camera would. The PNG is decoded here
/// (greyscale or palette, any bit depth ≤ 8, the five standard filters): Linux has no System.Drawing.
/// </summary>
public static class QrReader
{
    public static string Decode(byte[] png)
    {
        var (width, height, luminance) = ReadPng(png);
        var source = new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        // A camera scans the whole scene; our PNG is the bare code, so also try ZXing's pure-barcode path.
        var attempts = new (Binarizer Binarizer, bool Pure)[]
        {
            (new HybridBinarizer(source), false), (new HybridBinarizer(source), true), (new GlobalHistogramBinarizer(source), true),
        };
        foreach (var (binarizer, pure) in attempts)
        {
            var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
            if (pure) hints[DecodeHintType.PURE_BARCODE] = true;
            if (new QRCodeReader().decode(new BinaryBitmap(binarizer), hints) is { } result) return result.Text;
        }
        throw new InvalidOperationException("No QR code found in the image.");
    }

    private static (int Width, int Height, byte[] Luminance) ReadPng(byte[] png)
    {
        int width = 0, height = 0, depth = 0, colorType = 0;
        byte[] palette = [];
        using var idat = new MemoryStream();
        for (var pos = 8; pos < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8];
                    colorType = data[9];
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            pos += 12 + length;
        }
        if (colorType is not (0 or 3) || depth > 8) throw new NotSupportedException($"PNG colour type {colorType}, depth {depth}.");
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        var raw = inflated.ToArray();
        var stride = (width * depth + 7) / 8;
        var previous = new byte[stride];
        var luminance = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            var bpp = Math.Max(1, depth / 8);
            for (var i = 0; i < stride; i++)
            {
                var a = i >= bpp ? line[i - bpp] : 0;
                var b = previous[i];
                var c = i >= bpp ? previous[i - bpp] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new NotSupportedException($"PNG filter {filter}."),
                });
            }
            for (var x = 0; x < width; x++)
            {
                var bit = x * depth;
                var value = (line[bit / 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1);
                luminance[y * width + x] = colorType == 3
                    ? (byte)((palette[value * 3] * 299 + palette[value * 3 + 1] * 587 + palette[value * 3 + 2] * 114) / 1000)
                    : (byte)(value * 255 / ((1 << depth) - 1));
            }
            previous = line;
        }
        return (width, height, luminance);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
