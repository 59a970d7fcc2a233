using System.Buffers.Binary;
using System.Security.Cryptography;

namespace VpnBot.Host.Backups;

/// <summary>
/// The encrypted backup file: a header ("VPNBOTBK", version 1, a random 32-byte salt, a 16-byte key check), then
/// the dump in chunks of up to 1 MiB, each [final flag][length][AES-256-GCM ciphertext][tag]. Each file gets its own
/// key (HKDF of the configured key and the salt), so the chunk counter can be the nonce. The header, the chunk's
/// index and its final flag are the associated data: a changed byte, a dropped, swapped or repeated chunk, a file
/// cut short or something appended is refused. Streaming both ways: memory stays at two chunks whatever the size.
/// </summary>
public static class BackupCipher
{
    public const int ChunkSize = 1024 * 1024;
    private static readonly byte[] Magic = "VPNBOTBK"u8.ToArray();
    private const byte Version = 1;
    private const int SaltSize = 32;
    private const int CheckSize = 16;
    private const int HeaderSize = 8 + 1 + SaltSize + CheckSize;
    private const int TagSize = 16;

    public static async Task EncryptAsync(Stream plain, Stream output, byte[] key, CancellationToken ct)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        header[8] = Version;
        RandomNumberGenerator.Fill(header.AsSpan(9, SaltSize));
        var fileKey = FileKey(key, header.AsSpan(9, SaltSize));
        KeyCheck(fileKey).CopyTo(header, 9 + SaltSize);
        await output.WriteAsync(header, ct);

        using var gcm = new AesGcm(fileKey, TagSize);
        var buffer = new byte[ChunkSize];
        var sealedChunk = new byte[5 + ChunkSize + TagSize];
        for (long index = 0; ; index++)
        {
            var read = await plain.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, ct);
            var final = read < ChunkSize; // a dump of an exact multiple of 1 MiB ends with an empty final chunk
            sealedChunk[0] = final ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt32BigEndian(sealedChunk.AsSpan(1, 4), read);
            gcm.Encrypt(Nonce(index), buffer.AsSpan(0, read), sealedChunk.AsSpan(5, read), sealedChunk.AsSpan(5 + read, TagSize), Aad(header, index, final));
            await output.WriteAsync(sealedChunk.AsMemory(0, 5 + read + TagSize), ct);
            if (final) return;
        }
    }

    /// <summary>Writes the dump to <paramref name="plain"/> chunk by chunk; throws <see cref="BackupFileException"/> on anything but an intact file made with this key.</summary>
    public static async Task DecryptAsync(Stream encrypted, Stream plain, byte[] key, CancellationToken ct)
    {
        var header = new byte[HeaderSize];
        if (await encrypted.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, ct) < HeaderSize || !header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new BackupFileException("This is not a VpnBot backup file (no VPNBOTBK header), or it is cut short.");
        if (header[8] != Version) throw new BackupFileException($"This backup file has format version {header[8]}; this version of VpnBot reads version {Version}.");
        var fileKey = FileKey(key, header.AsSpan(9, SaltSize));
        if (!CryptographicOperations.FixedTimeEquals(KeyCheck(fileKey), header.AsSpan(9 + SaltSize, CheckSize)))
            throw new BackupFileException("The backup key does not open this file: a different Backups:EncryptionKey made it (or its header is damaged).");

        using var gcm = new AesGcm(fileKey, TagSize);
        var chunkHeader = new byte[5];
        var sealedChunk = new byte[ChunkSize + TagSize];
        var buffer = new byte[ChunkSize];
        for (long index = 0; ; index++)
        {
            if (await encrypted.ReadAtLeastAsync(chunkHeader, 5, throwOnEndOfStream: false, ct) < 5)
                throw new BackupFileException($"The backup file is cut short: it ends after {index} chunk(s) without its final chunk.");
            var final = chunkHeader[0] switch
            {
                0 => false,
                1 => true,
                _ => throw new BackupFileException($"The backup file is damaged at chunk {index}."),
            };
            var length = BinaryPrimitives.ReadInt32BigEndian(chunkHeader.AsSpan(1));
            if (length < 0 || length > ChunkSize || (!final && length != ChunkSize))
                throw new BackupFileException($"The backup file is damaged at chunk {index}.");
            if (await encrypted.ReadAtLeastAsync(sealedChunk.AsMemory(0, length + TagSize), length + TagSize, throwOnEndOfStream: false, ct) < length + TagSize)
                throw new BackupFileException($"The backup file is cut short inside chunk {index}.");
            try
            {
                gcm.Decrypt(Nonce(index), sealedChunk.AsSpan(0, length), sealedChunk.AsSpan(length, TagSize), buffer.AsSpan(0, length), Aad(header, index, final));
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new BackupFileException($"The backup file is damaged or was changed: chunk {index} fails its integrity check.");
            }
            await plain.WriteAsync(buffer.AsMemory(0, length), ct);
            if (!final) continue;
            if (await encrypted.ReadAsync(chunkHeader.AsMemory(0, 1), ct) != 0)
                throw new BackupFileException("The backup file has data after its final chunk: it was changed.");
            return;
        }
    }

    private static byte[] FileKey(byte[] key, ReadOnlySpan<byte> salt) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt.ToArray(), "vpnbot-backup-v1"u8.ToArray());

    private static byte[] KeyCheck(byte[] fileKey) => HMACSHA256.HashData(fileKey, "vpnbot-backup-key-check"u8)[..CheckSize];

    private static byte[] Nonce(long index)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(4), index);
        return nonce;
    }

    private static byte[] Aad(byte[] header, long index, bool final)
    {
        var aad = new byte[HeaderSize + 9];
        header.CopyTo(aad, 0);
        BinaryPrimitives.WriteInt64BigEndian(aad.AsSpan(HeaderSize), index);
        aad[HeaderSize + 8] = final ? (byte)1 : (byte)0;
        return aad;
    }
}

/// <summary>A backup file that cannot be used: not ours, wrong key, damaged, cut short. The message says which, in plain words.</summary>
public sealed class BackupFileException(string message) : Exception(message)
{
    public BackupFileException() : this("The backup file cannot be read.") { }

    public BackupFileException(string message, Exception inner) : this(message + " " + inner.Message) { }
}
