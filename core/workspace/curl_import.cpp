#include "workspace/curl.h"

#include "workspace/shell_words_p.h"

#include <QUrl>

namespace bb::workspace {

namespace {

using detail::ShellWord;

// Flags that take a value the model has no place for: their value is skipped and each one
// becomes a warning so the user knows it was lost.
const QStringList kDroppedValueFlags = {
    QStringLiteral("-x"),
    QStringLiteral("--proxy"),
    QStringLiteral("-o"),
    QStringLiteral("--output"),
    QStringLiteral("-m"),
    QStringLiteral("--max-time"),
    QStringLiteral("--connect-timeout"),
    QStringLiteral("--retry"),
    QStringLiteral("-w"),
    QStringLiteral("--write-out"),
    QStringLiteral("--cacert"),
    QStringLiteral("-E"),
    QStringLiteral("--cert"),
    QStringLiteral("--key"),
    QStringLiteral("-c"),
    QStringLiteral("--cookie-jar"),
    QStringLiteral("-D"),
    QStringLiteral("--dump-header"),
    QStringLiteral("--resolve"),
    QStringLiteral("--limit-rate"),
    QStringLiteral("-U"),
    QStringLiteral("--proxy-user"),
};

// Flags whose value we read (or skip); the value may be attached (-XPOST) or the next word.
const QStringList kValueFlags =
    QStringList{
        QStringLiteral("-X"),
        QStringLiteral("--request"),
        QStringLiteral("-H"),
        QStringLiteral("--header"),
        QStringLiteral("-d"),
        QStringLiteral("--data"),
        QStringLiteral("--data-ascii"),
        QStringLiteral("--data-raw"),
        QStringLiteral("--data-binary"),
        QStringLiteral("--data-urlencode"),
        QStringLiteral("-F"),
        QStringLiteral("--form"),
        QStringLiteral("--form-string"),
        QStringLiteral("-u"),
        QStringLiteral("--user"),
        QStringLiteral("--url"),
        QStringLiteral("-A"),
        QStringLiteral("--user-agent"),
        QStringLiteral("-e"),
        QStringLiteral("--referer"),
        QStringLiteral("-b"),
        QStringLiteral("--cookie"),
        QStringLiteral("--json"),
        QStringLiteral("-T"),
        QStringLiteral("--upload-file"),
        QStringLiteral("-r"),
        QStringLiteral("--range"),
        QStringLiteral("--oauth2-bearer"),
        QStringLiteral("--aws-sigv4"),
    } +
    kDroppedValueFlags;

// Flags that change nothing the model holds; they are dropped silently because the sender
// does the same (or it only affects curl's own output).
const QStringList kSilentFlags = {
    QStringLiteral("-g"),        QStringLiteral("--globoff"), QStringLiteral("-s"),
    QStringLiteral("--silent"),  QStringLiteral("-S"),        QStringLiteral("--show-error"),
    QStringLiteral("-v"),        QStringLiteral("--verbose"), QStringLiteral("-i"),
    QStringLiteral("--include"), QStringLiteral("-f"),        QStringLiteral("--fail"),
    QStringLiteral("--basic"),   QStringLiteral("-#"),        QStringLiteral("--progress-bar"),
};

// Flags the model has no place for; each one becomes a warning so the user knows it was lost.
const QStringList kDroppedWithWarning =
    QStringList{
        QStringLiteral("-k"),
        QStringLiteral("--insecure"),
        QStringLiteral("-L"),
        QStringLiteral("--location"),
        QStringLiteral("--location-trusted"),
        QStringLiteral("--http1.1"),
        QStringLiteral("--http2"),
        QStringLiteral("--http3"),
    } +
    kDroppedValueFlags;

// Short flags that take no value, so `-sSL` can be split into -s -S -L.
const QString kShortNoValue = QStringLiteral("gsSvifGIkL#");

struct Parser {
    ImportReport report;
    HttpRequest req;
    QString method; // from -X; empty means "what curl would pick"
    QStringList dataParts;
    bool dataSeen = false;
    bool urlencodedOnly = true; // every data part came from --data-urlencode or looks like k=v
    QString dataFile;           // -d @file / --data-binary @file
    bool get = false, head = false, digest = false;
    QString user;
    bool userSeen = false;
    QString awsProvider;
    QString uploadFile;
    bool json = false;

    void warn(int argIndex, const QString &what)
    {
        report.warnings.append({QStringLiteral("argument %1").arg(argIndex), what});
    }

    void addHeader(const QString &line, int argIndex)
    {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            // `-H 'Name;'` sends an empty header; `-H Name:` removes one curl would add.
            if (line.endsWith(u';'))
                req.headers.append({line.chopped(1).trimmed(), QString(), true});
            else
                warn(argIndex, QStringLiteral("header without a colon: %1 (skipped)").arg(line));
            return;
        }
        const QString name = line.left(colon).trimmed();
        const QString value = line.mid(colon + 1).trimmed();
        if (value.isEmpty()) {
            warn(argIndex,
                 QStringLiteral("header %1 with no value removes a curl default (skipped)")
                     .arg(name));
            return;
        }
        req.headers.append({name, value, true});
    }

    void addData(const QString &flag, const QString &value)
    {
        dataSeen = true;
        if (flag == u"--data-urlencode") {
            // content, =content, name=content, @file, name@file (see curl's manual).
            const qsizetype eq = value.indexOf(u'=');
            const qsizetype at = value.indexOf(u'@');
            if (eq >= 0 && (at < 0 || eq < at)) {
                const QString name = value.left(eq);
                const QString enc = QString::fromLatin1(QUrl::toPercentEncoding(value.mid(eq + 1)));
                dataParts.append(name.isEmpty() ? enc : name + u'=' + enc);
            } else if (at >= 0) {
                dataFile = value.mid(at + 1);
                urlencodedOnly = false;
            } else {
                dataParts.append(QString::fromLatin1(QUrl::toPercentEncoding(value)));
            }
            return;
        }
        if (value.startsWith(u'@') && flag != u"--data-raw") {
            dataFile = value.mid(1);
            urlencodedOnly = false;
            return;
        }
        if (!looksUrlEncoded(value))
            urlencodedOnly = false;
        dataParts.append(value);
    }

    static bool looksUrlEncoded(const QString &v)
    {
        if (v.isEmpty())
            return false;
        for (const QString &pair : v.split(u'&')) {
            const qsizetype eq = pair.indexOf(u'=');
            if (eq <= 0)
                return false;
            for (const QChar c : pair)
                if (c.isSpace() || c == u'{' || c == u'"')
                    return false;
        }
        return true;
    }

    void addFormField(const QString &value, bool literal, int argIndex)
    {
        const qsizetype eq = value.indexOf(u'=');
        if (eq <= 0) {
            warn(argIndex, QStringLiteral("form field without a name: %1 (skipped)").arg(value));
            return;
        }
        FormField f;
        f.name = value.left(eq);
        QString v = value.mid(eq + 1);
        if (!literal && (v.startsWith(u'@') || v.startsWith(u'<'))) {
            // ;type= and ;filename= follow the path; we keep the type.
            const bool inlineFile = v.startsWith(u'<');
            QStringList parts = v.mid(1).split(u';');
            f.filePath = parts.takeFirst();
            for (const QString &p : parts) {
                if (p.startsWith(QStringLiteral("type=")))
                    f.contentType = p.mid(5);
                else
                    warn(argIndex, QStringLiteral("form part option %1 (skipped)").arg(p));
            }
            if (inlineFile)
                warn(argIndex, QStringLiteral("form field %1 reads its value from %2; kept as a "
                                              "file part")
                                   .arg(f.name, f.filePath));
        } else {
            f.value = v;
        }
        req.body.kind = Body::Kind::Multipart;
        req.body.fields.append(f);
    }

    bb::Result<void> apply(const QString &flag, const QString &value, int argIndex, int pos)
    {
        if (flag == u"-X" || flag == u"--request") {
            method = value;
        } else if (flag == u"-H" || flag == u"--header") {
            if (value.startsWith(u'@'))
                warn(argIndex, QStringLiteral("headers from file %1 (skipped)").arg(value.mid(1)));
            else
                addHeader(value, argIndex);
        } else if (flag == u"-d" || flag == u"--data" || flag == u"--data-ascii" ||
                   flag == u"--data-raw" || flag == u"--data-binary" ||
                   flag == u"--data-urlencode") {
            addData(flag, value);
        } else if (flag == u"--json") {
            json = true;
            addData(flag, value);
            urlencodedOnly = false;
        } else if (flag == u"-F" || flag == u"--form") {
            addFormField(value, false, argIndex);
        } else if (flag == u"--form-string") {
            addFormField(value, true, argIndex);
        } else if (flag == u"-u" || flag == u"--user") {
            user = value;
            userSeen = true;
        } else if (flag == u"--url") {
            setUrl(value, argIndex);
        } else if (flag == u"-A" || flag == u"--user-agent") {
            req.headers.append({QStringLiteral("User-Agent"), value, true});
        } else if (flag == u"-e" || flag == u"--referer") {
            req.headers.append({QStringLiteral("Referer"), value, true});
        } else if (flag == u"-b" || flag == u"--cookie") {
            if (value.contains(u'='))
                req.headers.append({QStringLiteral("Cookie"), value, true});
            else
                warn(argIndex, QStringLiteral("cookies read from file %1 (skipped)").arg(value));
        } else if (flag == u"-T" || flag == u"--upload-file") {
            uploadFile = value;
        } else if (flag == u"-r" || flag == u"--range") {
            req.headers.append({QStringLiteral("Range"), QStringLiteral("bytes=") + value, true});
        } else if (flag == u"--oauth2-bearer") {
            req.auth.kind = Auth::Kind::Bearer;
            req.auth.token = value;
        } else if (flag == u"--aws-sigv4") {
            awsProvider = value;
        } else if (kDroppedWithWarning.contains(flag)) {
            warn(argIndex,
                 QStringLiteral("%1 %2 has no place in a request (skipped)").arg(flag, value));
        } else {
            return bb::Error{bb::ErrorCode::Internal, QStringLiteral("unhandled flag %1").arg(flag),
                             pos};
        }
        return {};
    }

    void applySwitch(const QString &flag, int argIndex)
    {
        if (flag == u"-G" || flag == u"--get")
            get = true;
        else if (flag == u"-I" || flag == u"--head")
            head = true;
        else if (flag == u"--digest")
            digest = true;
        else if (flag == u"--compressed")
            req.headers.append(
                {QStringLiteral("Accept-Encoding"), QStringLiteral("deflate, gzip"), true});
        else if (kDroppedWithWarning.contains(flag))
            warn(argIndex, QStringLiteral("%1 has no place in a request (skipped)").arg(flag));
        else if (!kSilentFlags.contains(flag))
            warn(argIndex, QStringLiteral("unknown flag %1 (skipped)").arg(flag));
    }

    void setUrl(const QString &url, int argIndex)
    {
        if (!req.url.isEmpty()) {
            warn(argIndex, QStringLiteral("second URL %1 (skipped)").arg(url));
            return;
        }
        // curl assumes http:// when the URL has no scheme ("localhost:9090/api").
        req.url = url.contains(QStringLiteral("://")) ? url : QStringLiteral("http://") + url;
    }

    QString headerValue(const QString &name) const
    {
        for (const KeyValue &h : req.headers)
            if (h.name.compare(name, Qt::CaseInsensitive) == 0)
                return h.value;
        return {};
    }

    void finish()
    {
        const QString ct = headerValue(QStringLiteral("Content-Type"));
        if (json) {
            // --json adds these two headers unless the user set them.
            if (ct.isEmpty())
                req.headers.append(
                    {QStringLiteral("Content-Type"), QStringLiteral("application/json"), true});
            if (headerValue(QStringLiteral("Accept")).isEmpty())
                req.headers.append(
                    {QStringLiteral("Accept"), QStringLiteral("application/json"), true});
        }
        const QString joined = dataParts.join(u'&');
        if (dataSeen && get) {
            if (!joined.isEmpty())
                req.url +=
                    (req.url.contains(u'?') ? (req.url.endsWith(u'?') ? "" : "&") : "?") + joined;
        } else if (dataSeen) {
            Body &b = req.body;
            b.contentType = headerValue(QStringLiteral("Content-Type"));
            if (!dataFile.isEmpty()) {
                b.kind = Body::Kind::File;
                b.filePath = dataFile;
            } else if (urlencodedOnly &&
                       (b.contentType.isEmpty() ||
                        b.contentType.startsWith(QStringLiteral("application/x-www-form")))) {
                b.kind = Body::Kind::UrlEncoded;
                for (const QString &pair : joined.split(u'&')) {
                    const qsizetype eq = pair.indexOf(u'=');
                    auto dec = [](const QString &s) {
                        return QUrl::fromPercentEncoding(QString(s).replace(u'+', u' ').toUtf8());
                    };
                    b.fields.append({dec(pair.left(eq)), dec(pair.mid(eq + 1)), {}, {}, true});
                }
            } else {
                b.kind = Body::Kind::Raw;
                b.text = joined;
            }
            if (b.contentType.isEmpty())
                b.contentType = QStringLiteral("application/x-www-form-urlencoded");
        } else if (!uploadFile.isEmpty()) {
            req.body.kind = Body::Kind::File;
            req.body.filePath = uploadFile;
            req.body.contentType = ct;
        } else if (req.body.kind == Body::Kind::Multipart) {
            req.body.contentType = ct.isEmpty() ? QStringLiteral("multipart/form-data") : ct;
        }

        if (!method.isEmpty())
            req.method = method;
        else if (head)
            req.method = QStringLiteral("HEAD");
        else if (get)
            req.method = QStringLiteral("GET");
        else if (!uploadFile.isEmpty())
            req.method = QStringLiteral("PUT");
        else if (dataSeen || req.body.kind == Body::Kind::Multipart)
            req.method = QStringLiteral("POST");

        if (!awsProvider.isEmpty()) {
            // "aws:amz:region:service": the provider pair, then region and service.
            const QStringList parts = awsProvider.split(u':');
            req.auth.kind = Auth::Kind::AwsV4;
            req.auth.region = parts.value(2);
            req.auth.service = parts.value(3);
            req.auth.accessKey = user.section(u':', 0, 0);
            req.auth.secretKey = user.section(u':', 1);
        } else if (userSeen) {
            req.auth.kind = digest ? Auth::Kind::Digest : Auth::Kind::Basic;
            req.auth.username = user.section(u':', 0, 0);
            req.auth.password = user.section(u':', 1);
            if (!user.contains(u':'))
                report.warnings.append({QStringLiteral("-u %1").arg(user),
                                        QStringLiteral("no password given (curl would prompt "
                                                       "for it); left empty")});
        }
        req.name = req.method + u' ' + req.url;
        report.collection.name = req.name;
        report.collection.root.requests.append(req);
    }
};

} // namespace

bb::Result<ImportReport> importCurl(const QString &command)
{
    auto split = detail::splitShellWords(command);
    if (!split)
        return split.error();
    const QList<ShellWord> &words = *split;
    if (words.isEmpty() || words.first().text != u"curl")
        return bb::Error::invalid(QStringLiteral("a curl command starts with the word curl"),
                                  words.isEmpty() ? 0 : words.first().position);

    Parser p;
    bool endOfFlags = false;
    for (int i = 1; i < words.size(); ++i) {
        const QString &w = words[i].text;
        const int pos = words[i].position;
        if (endOfFlags || !w.startsWith(u'-') || w == u"-") {
            p.setUrl(w, i);
            continue;
        }
        if (w == u"--") {
            endOfFlags = true;
            continue;
        }
        QString flag = w;
        QString value;
        bool hasValue = false;
        if (!w.startsWith(QStringLiteral("--"))) {
            // Short flags may be bundled (-sSL) or carry their value (-XPOST).
            int k = 1;
            while (k < w.size() && kShortNoValue.contains(w[k]) && k + 1 < w.size()) {
                p.applySwitch(QStringLiteral("-") + w[k], i);
                ++k;
            }
            flag = QStringLiteral("-") + w[k];
            if (k + 1 < w.size()) {
                value = w.mid(k + 1);
                hasValue = true;
            }
        }
        if (!kValueFlags.contains(flag)) {
            if (hasValue)
                p.warn(i, QStringLiteral("unknown flag %1 (skipped)").arg(w));
            else
                p.applySwitch(flag, i);
            continue;
        }
        if (!hasValue) {
            if (i + 1 >= words.size())
                return bb::Error::invalid(QStringLiteral("%1 needs a value").arg(flag), pos);
            value = words[++i].text;
        }
        if (auto r = p.apply(flag, value, i, pos); !r)
            return r.error();
    }
    if (p.req.url.isEmpty())
        return bb::Error::invalid(QStringLiteral("the curl command has no URL"),
                                  int(command.size()));
    p.finish();
    return p.report;
}

} // namespace bb::workspace
