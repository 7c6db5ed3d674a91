namespace Albumi.Grains.Security;

/// <summary>A stored secret that cannot be decrypted: tampered with, moved to another row, or under a retired key.</summary>
public sealed class FieldDecryptionException(string message, Exception? inner = null) : Exception(message, inner);
