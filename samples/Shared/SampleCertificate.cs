using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Samples.Shared;

/// <summary>
/// A self-signed certificate for 127.0.0.1, made at start-up: the library's cookies are always
/// <c>Secure</c>, so the sample serves https even on a machine without a trusted development certificate.
/// A browser shows a warning once; the walkthrough and the emulator trust exactly this certificate.
/// </summary>
internal static class SampleCertificate
{
    private static readonly Lazy<X509Certificate2> Shared = new(Create);

    public static X509Certificate2 Certificate => Shared.Value;

    /// <summary>A handler that trusts only this certificate, keeps no cookies and follows no redirects.</summary>
    public static SocketsHttpHandler TrustingHandler(CookieContainer? cookies = null) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == Certificate.GetCertHashString(),
        },
    };

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
