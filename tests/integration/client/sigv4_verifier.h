// Test support — an AWS Signature Version 4 verifier written from the specification, so the
// client's signing (libcurl's CURLOPT_AWS_SIGV4) is checked by recomputing the signature on the
// server side rather than by the shape of the header.
#pragma once

#include "scripted_server.h"

#include <QCryptographicHash>
#include <QList>
#include <QMessageAuthenticationCode>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace bbtest {

/// Why the request's signature is wrong, or empty when it verifies with this secret key.
inline QString verifySigV4(const RawRequest &r, const QByteArray &secretKey)
{
    const QByteArray auth = r.headers.value("authorization");
    const QByteArray prefix = "AWS4-HMAC-SHA256 ";
    if (!auth.startsWith(prefix))
        return QStringLiteral("no AWS4-HMAC-SHA256 Authorization header");
    QByteArray credential, signedHeaders, signature;
    for (QByteArray part : auth.mid(prefix.size()).split(',')) {
        part = part.trimmed();
        if (part.startsWith("Credential="))
            credential = part.mid(11);
        else if (part.startsWith("SignedHeaders="))
            signedHeaders = part.mid(14);
        else if (part.startsWith("Signature="))
            signature = part.mid(10);
    }
    const QList<QByteArray> scope = credential.split('/'); // key/date/region/service/aws4_request
    if (scope.size() != 5 || scope[4] != "aws4_request")
        return QStringLiteral("malformed Credential: %1").arg(QString::fromLatin1(credential));
    const QByteArray amzDate = r.headers.value("x-amz-date");
    if (!amzDate.startsWith(scope[1]))
        return QStringLiteral("X-Amz-Date does not match the credential's date");

    // Canonical request: method, path, sorted query, signed headers, payload hash.
    const QUrl url(QString::fromLatin1("http://h" + r.target));
    QList<QPair<QString, QString>> query = QUrlQuery(url).queryItems(QUrl::FullyEncoded);
    std::sort(query.begin(), query.end());
    QByteArrayList queryParts;
    for (const auto &[k, v] : query)
        queryParts << k.toLatin1() + '=' + v.toLatin1();
    QByteArray canonicalHeaders;
    for (const QByteArray &name : signedHeaders.split(';'))
        canonicalHeaders += name + ':' + r.headers.value(name).simplified() + '\n';
    QByteArray payloadHash = r.headers.value("x-amz-content-sha256");
    if (payloadHash.isEmpty())
        payloadHash = QCryptographicHash::hash(r.body, QCryptographicHash::Sha256).toHex();
    const QByteArray canonical = r.method + '\n' + url.path(QUrl::FullyEncoded).toLatin1() + '\n' +
                                 queryParts.join('&') + '\n' + canonicalHeaders + '\n' +
                                 signedHeaders + '\n' + payloadHash;

    const QByteArray stringToSign =
        "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope.mid(1).join('/') + '\n' +
        QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex();
    const auto hmac = [](const QByteArray &key, const QByteArray &data) {
        return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
    };
    QByteArray key = hmac("AWS4" + secretKey, scope[1]);
    key = hmac(key, scope[2]);
    key = hmac(key, scope[3]);
    key = hmac(key, "aws4_request");
    const QByteArray expected = hmac(key, stringToSign).toHex();
    if (expected != signature)
        return QStringLiteral("signature %1, expected %2 over:\n%3")
            .arg(QString::fromLatin1(signature), QString::fromLatin1(expected),
                 QString::fromLatin1(canonical));
    return {};
}

} // namespace bbtest
