using System.Security.Cryptography;
using VpnBot.Host.Backups;

namespace VpnBot.Core.Tests.Backups;

public class BackupCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private const int Chunk = BackupCipher.ChunkSize;

    private static async Task<byte[]> EncryptAsync(byte[] plain, byte[]? key = null)
    {
        using var output = new MemoryStream();
        await BackupCipher.EncryptAsync(new MemoryStream(plain), output, key ?? Key, CancellationToken.None);
        return output.ToArray();
    }

    private static async Task<byte[]> DecryptAsync(byte[] file, byte[]? key = null)
    {
        using var output = new MemoryStream();
        await BackupCipher.DecryptAsync(new MemoryStream(file), output, key ?? Key, CancellationToken.None);
        return output.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk * 2 + 12345)]
    public async Task Round_trips_any_size_including_exact_chunk_multiples(int size)
    {
        var plain = RandomNumberGenerator.GetBytes(size);
        var file = await EncryptAsync(plain);
        Assert.Equal("VPNBOTBK"u8.ToArray(), file[..8]);
        Assert.Equal(plain, await DecryptAsync(file));
    }

    [Fact]
    public async Task The_same_dump_encrypts_differently_each_time()
    {
        var plain = RandomNumberGenerator.GetBytes(1000);
        Assert.NotEqual(await EncryptAsync(plain), await EncryptAsync(plain));
    }

    [Fact]
    public async Task A_wrong_key_is_named_as_such()
    {
        var file = await EncryptAsync(RandomNumberGenerator.GetBytes(5000));
        var e = await Assert.ThrowsAsync<BackupFileException>(() => DecryptAsync(file, RandomNumberGenerator.GetBytes(32)));
        Assert.Contains("backup key does not open this file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_flipped_byte_anywhere_is_refused()
    {
        var file = await EncryptAsync(RandomNumberGenerator.GetBytes(Chunk + 3000));
        // Every header byte, the chunk headers, and a spread of ciphertext and tag bytes.
        var positions = Enumerable.Range(0, 70).Concat(Enumerable.Range(0, 200).Select(i => 57 + i * (file.Length - 58) / 199)).Distinct();
        foreach (var position in positions)
        {
            var damaged = (byte[])file.Clone();
            damaged[position] ^= 0x01;
            await Assert.ThrowsAsync<BackupFileException>(() => DecryptAsync(damaged));
        }
    }

    [Fact]
    public async Task A_file_cut_short_anywhere_is_refused_and_so_is_one_with_data_appended()
    {
        var file = await EncryptAsync(RandomNumberGenerator.GetBytes(Chunk * 2));
        foreach (var length in new[] { 0, 7, 57, 60, 62, 1000, Chunk + 62 + 16, Chunk + 62 + 16 + 5, file.Length - 22, file.Length - 1 })
        {
            var e = await Assert.ThrowsAsync<BackupFileException>(() => DecryptAsync(file[..length]));
            Assert.Matches("cut short|not a VpnBot backup", e.Message);
        }
        await Assert.ThrowsAsync<BackupFileException>(() => DecryptAsync([.. file, 0]));
    }

    [Fact]
    public async Task Chunks_swapped_or_the_final_one_dropped_are_refused()
    {
        var file = await EncryptAsync(RandomNumberGenerator.GetBytes(Chunk * 2 + 10));
        const int header = 57;
        var sealedChunk = 5 + Chunk + 16;
        var first = file[header..(header + sealedChunk)];
        var second = file[(header + sealedChunk)..(header + 2 * sealedChunk)];
        var rest = file[(header + 2 * sealedChunk)..];
        byte[] swapped = [.. file[..header], .. second, .. first, .. rest];
        await Assert.ThrowsAsync<BackupFileException>(() => DecryptAsync(swapped));
        // Two whole chunks and no final one: a dump that simply stopped must not look complete.
        byte[] dropped = [.. file[..header], .. first, .. second];
        var e = await Assert.ThrowsAsync<BackupFileException>(() => DecryptAsync(dropped));
        Assert.Contains("cut short", e.Message, StringComparison.Ordinal);
    }
}
