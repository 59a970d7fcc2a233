using System.Security.Cryptography;
using System.Text;

namespace VpnBot.Core.Security;

/// <summary>
/// Encrypts secrets at rest (panel passwords, private keys) with AES-256-GCM.
/// Stored form: "enc:v2:" + base64(nonce | tag | ciphertext), with the place the value belongs to (a
/// <see cref="SecretContext"/>: server and field) as associated data, so a ciphertext copied to another
/// server or field by someone with write access to the database fails to decrypt there. "enc:v1:" values
/// (no associated data) are still read; <see cref="Rebind"/> turns them into v2. Authenticated, so a
/// tampered or wrongly keyed value fails loudly instead of decrypting to garbage.
/// </summary>
public sealed class SecretProtector
{
    private const string Prefix = "enc:v1:";
    private const string BoundPrefix = "enc:v2:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretProtector(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("The encryption key must be 32 bytes.", nameof(key));
        _key = key.ToArray();
    }

    public static bool TryParseKey(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64)) return false;
        try { key = Convert.FromBase64String(base64.Trim()); }
        catch (FormatException) { return false; }
        return key.Length == 32;
    }

    public static bool IsProtected(string? value) =>
        value?.StartsWith(Prefix, StringComparison.Ordinal) == true || value?.StartsWith(BoundPrefix, StringComparison.Ordinal) == true;

    /// <summary>True for a value in the old format, bound to no place: <see cref="Rebind"/> it.</summary>
    public static bool IsUnbound(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>Encrypts the value for one place; only <see cref="Unprotect(string, SecretContext)"/> with the same place reads it.</summary>
    public string Protect(string plaintext, SecretContext context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return BoundPrefix + Convert.ToBase64String(Seal(Encoding.UTF8.GetBytes(plaintext), context.AssociatedData));
    }

    /// <summary>Decrypts a value of this place; an old unbound value is read as it is (until it is rebound).</summary>
    public string Unprotect(string stored, SecretContext context)
    {
        if (IsUnbound(stored)) return Unprotect(stored);
        if (stored?.StartsWith(BoundPrefix, StringComparison.Ordinal) != true) throw new CryptographicException("The value is not an encrypted secret.");
        try
        {
            return Encoding.UTF8.GetString(Open(Convert.FromBase64String(stored[BoundPrefix.Length..]), context.AssociatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException($"The encrypted secret does not belong to {context} (moved or tampered with), or the key is wrong.");
        }
    }

    /// <summary>The value bound to this place: an old unbound value is re-encrypted, a bound one must already belong here.</summary>
    public string Rebind(string stored, SecretContext context)
    {
        if (IsUnbound(stored)) return Protect(Unprotect(stored), context);
        Unprotect(stored, context); // throws when it belongs elsewhere
        return stored;
    }

    private byte[] Seal(byte[] plain, byte[] associatedData)
    {
        var blob = new byte[NonceSize + TagSize + plain.Length];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), associatedData);
        return blob;
    }

    private byte[] Open(byte[] blob, byte[]? associatedData)
    {
        if (blob.Length < NonceSize + TagSize) throw new CryptographicException("The encrypted secret is truncated.");
        var plain = new byte[blob.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), plain, associatedData);
        return plain;
    }

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[NonceSize + TagSize + plain.Length];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize));
        return Prefix + Convert.ToBase64String(blob);
    }

    public string Unprotect(string stored)
    {
        if (!IsProtected(stored)) throw new CryptographicException("The value is not an encrypted secret.");
        return Encoding.UTF8.GetString(Open(Convert.FromBase64String(stored[Prefix.Length..]), null));
    }
}
