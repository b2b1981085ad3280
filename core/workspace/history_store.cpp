#include "workspace/history_store.h"

#include "workspace/request_json_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStringDecoder>

#include <mutex>

namespace bb::workspace {

namespace {

QByteArray toLine(const HistoryEntry &e)
{
    QJsonObject o;
    o.insert(QLatin1String("time"), e.time.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("request"), detail::requestToJson(e.request));
    if (!e.sourceId.isEmpty())
        o.insert(QLatin1String("sourceId"), e.sourceId);
    o.insert(QLatin1String("status"), e.status);
    if (!e.error.isEmpty())
        o.insert(QLatin1String("error"), e.error);
    o.insert(QLatin1String("durationMs"), e.durationMs);
    if (e.timings != HarTimings{}) {
        const HarTimings &t = e.timings;
        o.insert(QLatin1String("timings"),
                 QJsonArray{t.blocked, t.dns, t.connect, t.ssl, t.send, t.wait, t.receive});
    }
    o.insert(QLatin1String("requestBytes"), e.requestBytes);
    o.insert(QLatin1String("responseBytes"), e.responseBytes);
    QJsonArray headers;
    for (const KeyValue &h : e.responseHeaders)
        headers.append(QJsonArray{h.name, h.value});
    o.insert(QLatin1String("responseHeaders"), headers);
    // JSON strings are text: a body that is not UTF-8 is kept as base64.
    auto decoder = QStringDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(e.bodyPreview);
    if (!decoder.hasError())
        o.insert(QLatin1String("body"), text);
    else
        o.insert(QLatin1String("bodyBase64"), QString::fromLatin1(e.bodyPreview.toBase64()));
    if (e.bodyTruncated)
        o.insert(QLatin1String("bodyTruncated"), true);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<HistoryEntry> fromLine(const QByteArray &line)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    if (!o.value(QLatin1String("request")).isObject())
        return std::nullopt;
    HistoryEntry e;
    e.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    e.request = detail::requestFromJson(o.value(QLatin1String("request")).toObject());
    e.sourceId = o.value(QLatin1String("sourceId")).toString();
    e.status = o.value(QLatin1String("status")).toInt();
    e.error = o.value(QLatin1String("error")).toString();
    e.durationMs = o.value(QLatin1String("durationMs")).toDouble();
    if (const QJsonArray t = o.value(QLatin1String("timings")).toArray(); t.size() == 7)
        e.timings = {t[0].toDouble(), t[1].toDouble(), t[2].toDouble(), t[3].toDouble(),
                     t[4].toDouble(), t[5].toDouble(), t[6].toDouble()};
    e.requestBytes = o.value(QLatin1String("requestBytes")).toInteger();
    e.responseBytes = o.value(QLatin1String("responseBytes")).toInteger();
    for (const QJsonValue &h : o.value(QLatin1String("responseHeaders")).toArray())
        e.responseHeaders.append(
            {h.toArray().at(0).toString(), h.toArray().at(1).toString(), true});
    if (o.contains(QLatin1String("bodyBase64")))
        e.bodyPreview =
            QByteArray::fromBase64(o.value(QLatin1String("bodyBase64")).toString().toLatin1());
    else
        e.bodyPreview = o.value(QLatin1String("body")).toString().toUtf8();
    e.bodyTruncated = o.value(QLatin1String("bodyTruncated")).toBool();
    return e;
}

} // namespace

/// What the GUI thread and the rewrite worker share, all under `mutex`. Appends hold it while
/// they write their line, the worker while it adds those lines and renames the new file over
/// the old one, so a line lands in the old file (kept if the rewrite fails) and in the new one.
struct HistoryStore::Io {
    std::mutex mutex;
    bool compacting = false;
    QList<QByteArray> pending; ///< lines appended while the worker writes its snapshot
    int linesOnDisk = 0;
    QString error; ///< why the last rewrite failed, until the next append reports it
};

HistoryStore::HistoryStore(const QString &file, int limit, QObject *parent)
    : QObject(parent)
    , m_file(file)
    , m_limit(std::max(1, limit))
    , m_io(std::make_shared<Io>())
{}

HistoryStore::~HistoryStore()
{
    waitForCompaction();
}

bool HistoryStore::isCompacting() const
{
    std::lock_guard lock(m_io->mutex);
    return m_io->compacting;
}

void HistoryStore::waitForCompaction()
{
    if (m_worker.joinable())
        m_worker.join();
}

bb::Result<void> HistoryStore::load()
{
    waitForCompaction();
    m_entries.clear();
    m_io->linesOnDisk = 0;
    m_skipped = 0;
    m_needsNewline = false;
    QFile f(m_file);
    if (!f.exists()) {
        emit changed();
        return {};
    }
    if (!f.open(QIODevice::ReadOnly))
        return bb::Error::io(
            QStringLiteral("cannot read the history %1: %2").arg(m_file, f.errorString()));
    const QByteArray all = f.readAll();
    m_needsNewline = !all.isEmpty() && !all.endsWith('\n');
    for (const QByteArray &line : all.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        ++m_io->linesOnDisk;
        if (auto e = fromLine(line))
            m_entries.prepend(std::move(*e));
        else
            ++m_skipped;
    }
    while (m_entries.size() > m_limit)
        m_entries.removeLast();
    emit changed();
    return {};
}

bb::Result<void> HistoryStore::append(HistoryEntry entry)
{
    if (entry.bodyPreview.size() > kBodyPreviewBytes) {
        // Cut before a UTF-8 continuation byte, so a text body stays text.
        qsizetype cut = kBodyPreviewBytes;
        for (int i = 0; i < 3 && cut > 0 && (uchar(entry.bodyPreview[cut]) & 0xc0) == 0x80; ++i)
            --cut;
        entry.bodyPreview.truncate(cut);
        entry.bodyTruncated = true;
    }
    if (!entry.time.isValid())
        entry.time = QDateTime::currentDateTimeUtc();
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    const QByteArray line = toLine(entry);
    bool full = false;
    QString failedRewrite;
    {
        std::lock_guard lock(m_io->mutex);
        QFile f(m_file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
            return bb::Error::io(
                QStringLiteral("cannot write the history %1: %2").arg(m_file, f.errorString()));
        const QByteArray data = (m_needsNewline ? QByteArray("\n") : QByteArray()) + line;
        if (f.write(data) != data.size() || !f.flush())
            return bb::Error::io(
                QStringLiteral("cannot write the history %1: %2").arg(m_file, f.errorString()));
        if (m_io->compacting)
            m_io->pending.append(line);
        ++m_io->linesOnDisk;
        full = !m_io->compacting && m_io->linesOnDisk > m_limit + std::max(16, m_limit / 10);
        failedRewrite = std::exchange(m_io->error, QString());
    }
    m_needsNewline = false;
    m_entries.prepend(std::move(entry));
    while (m_entries.size() > m_limit)
        m_entries.removeLast();
    if (full)
        startCompaction();
    emit changed();
    if (!failedRewrite.isEmpty())
        return bb::Error::io(failedRewrite);
    return {};
}

void HistoryStore::startCompaction()
{
    waitForCompaction(); // the last one is done (compacting is false); only its thread is left
    {
        std::lock_guard lock(m_io->mutex);
        m_io->compacting = true;
    }
    // The worker serializes and writes a snapshot (the list is shared, copying it is cheap),
    // then takes the lock to add what was appended meanwhile and rename the file into place.
    m_worker = std::thread([io = m_io, file = m_file, snapshot = m_entries] {
        QSaveFile f(file);
        bool ok = f.open(QIODevice::WriteOnly);
        for (auto it = snapshot.crbegin(); ok && it != snapshot.crend(); ++it)
            ok = f.write(toLine(*it)) >= 0;
        std::lock_guard lock(io->mutex);
        for (const QByteArray &line : std::as_const(io->pending))
            ok = ok && f.write(line) == line.size();
        if (ok && f.commit())
            io->linesOnDisk = int(snapshot.size() + io->pending.size());
        else
            io->error =
                QStringLiteral("cannot rewrite the history %1: %2").arg(file, f.errorString());
        io->pending.clear();
        io->compacting = false;
    });
}

bb::Result<void> HistoryStore::compact()
{
    waitForCompaction();
    QSaveFile f(m_file);
    if (!f.open(QIODevice::WriteOnly))
        return bb::Error::io(
            QStringLiteral("cannot write the history %1: %2").arg(m_file, f.errorString()));
    for (auto it = m_entries.crbegin(); it != m_entries.crend(); ++it)
        f.write(toLine(*it));
    if (!f.commit())
        return bb::Error::io(
            QStringLiteral("cannot write the history %1: %2").arg(m_file, f.errorString()));
    std::lock_guard lock(m_io->mutex);
    m_io->linesOnDisk = int(m_entries.size());
    return {};
}

bb::Result<void> HistoryStore::clear()
{
    const QList<HistoryEntry> old = m_entries;
    m_entries.clear();
    if (auto r = compact(); !r) {
        m_entries = old;
        return r;
    }
    emit changed();
    return {};
}

void HistoryStore::setLimit(int limit)
{
    m_limit = std::max(1, limit);
    if (m_entries.size() > m_limit) {
        while (m_entries.size() > m_limit)
            m_entries.removeLast();
        // The file shrinks at the next compaction; what is beyond the limit is not read back.
        emit changed();
    }
}

QList<int> HistoryStore::search(const QString &text) const
{
    QList<int> out;
    const QString needle = text.trimmed();
    for (int i = 0; i < m_entries.size(); ++i) {
        const HistoryEntry &e = m_entries[i];
        if (needle.isEmpty() || e.request.method.contains(needle, Qt::CaseInsensitive) ||
            e.request.url.contains(needle, Qt::CaseInsensitive) ||
            e.request.name.contains(needle, Qt::CaseInsensitive) ||
            (e.status != 0 && QString::number(e.status).contains(needle)))
            out.append(i);
    }
    return out;
}

HistoryModel::HistoryModel(HistoryStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(store, &HistoryStore::changed, this, &HistoryModel::refresh);
    m_rows = m_store->search(m_filter);
}

void HistoryModel::refresh()
{
    // At most `limit` rows (500 by default): a reset is cheap and always consistent.
    beginResetModel();
    m_rows = m_store->search(m_filter);
    endResetModel();
}

void HistoryModel::setFilter(const QString &text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    refresh();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const int i = m_rows[index.row()];
    const HistoryEntry &e = m_store->entry(i);
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 %2  %3")
            .arg(e.request.method, e.request.url,
                 e.status ? QString::number(e.status) : QStringLiteral("no response"));
    case Qt::ToolTipRole:
        return e.error.isEmpty() ? e.request.name : e.error;
    case MethodRole:
        return e.request.method;
    case UrlRole:
        return e.request.url;
    case NameRole:
        return e.request.name;
    case StatusRole:
        return e.status;
    case TimeRole:
        return e.time;
    case DurationRole:
        return e.durationMs;
    case EntryIndexRole:
        return i;
    default:
        return {};
    }
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    QHash<int, QByteArray> r = QAbstractListModel::roleNames();
    r.insert(MethodRole, "method");
    r.insert(UrlRole, "url");
    r.insert(NameRole, "name");
    r.insert(StatusRole, "status");
    r.insert(TimeRole, "time");
    r.insert(DurationRole, "durationMs");
    r.insert(EntryIndexRole, "entryIndex");
    return r;
}

} // namespace bb::workspace
