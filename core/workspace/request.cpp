#include "workspace/request.h"

namespace bb::workspace {

qsizetype Folder::requestCount() const
{
    qsizetype n = requests.size();
    for (const Folder &f : folders)
        n += f.requestCount();
    return n;
}

QString bodyKindName(Body::Kind kind)
{
    switch (kind) {
    case Body::Kind::None:
        return QStringLiteral("none");
    case Body::Kind::Raw:
        return QStringLiteral("raw");
    case Body::Kind::UrlEncoded:
        return QStringLiteral("urlencoded");
    case Body::Kind::Multipart:
        return QStringLiteral("multipart");
    case Body::Kind::File:
        return QStringLiteral("file");
    case Body::Kind::GraphQl:
        return QStringLiteral("graphql");
    }
    return {};
}

QString authKindName(Auth::Kind kind)
{
    switch (kind) {
    case Auth::Kind::None:
        return QStringLiteral("none");
    case Auth::Kind::Basic:
        return QStringLiteral("basic");
    case Auth::Kind::Bearer:
        return QStringLiteral("bearer");
    case Auth::Kind::ApiKey:
        return QStringLiteral("apikey");
    case Auth::Kind::Digest:
        return QStringLiteral("digest");
    case Auth::Kind::AwsV4:
        return QStringLiteral("awsv4");
    case Auth::Kind::OAuth2:
        return QStringLiteral("oauth2");
    }
    return {};
}

} // namespace bb::workspace
