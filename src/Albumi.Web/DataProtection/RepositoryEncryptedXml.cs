using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Albumi.Web.DataProtection;

/// <summary>
/// Tells the data protection system that its keys are encrypted at rest: <see cref="PostgresXmlRepository"/> encrypts
/// every whole element under Albumi's key ring (and the rotation job re-encrypts it). Encrypting the secret again inside
/// the element would put it out of reach of that rotation, so this layer passes the element through.
/// </summary>
public sealed class RepositoryEncryptedXml : IXmlEncryptor, IXmlDecryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(new XElement(plaintextElement), typeof(RepositoryEncryptedXml));

    public XElement Decrypt(XElement encryptedElement) => new(encryptedElement);
}
