// The body viewer: indexing, long-line segments, pretty-printing with folds, malformed JSON,
// search, hex, image and file-backed bodies, on the offscreen platform.
#include "body_text_view.h"
#include "body_viewer.h"
#include "find_bar.h"
#include "hex_view.h"

#include <QBuffer>
#include <QClipboard>
#include <QGuiApplication>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>

using namespace bb::plugins::endpoints;

namespace {

/// An array of `count` realistic objects on one line; "needle-xyz" once, in the middle.
QByteArray minifiedJson(int count)
{
    QByteArray out = "[";
    for (int i = 0; i < count; ++i) {
        if (i)
            out += ',';
        out += R"({"id":)" + QByteArray::number(i) + R"(,"name":"user )" + QByteArray::number(i) +
               R"(","email":"user)" + QByteArray::number(i) +
               R"(@example.com","active":true,"score":)" + QByteArray::number(i % 97) +
               R"(.5,"tags":["a","b"],"address":{"city":"Lyon","zip":null}})";
        if (i == count / 2)
            out += R"(,{"marker":"needle-xyz"})";
    }
    out += "]";
    return out;
}

struct Shown {
    BodyViewer viewer;
    Shown()
    {
        viewer.resize(900, 600);
        viewer.show();
    }
};

} // namespace

class TestResponseBody : public QObject {
    Q_OBJECT
private slots:
    void smallJsonIsPrettyPrintedWithFoldsAndHighlighting()
    {
        Shown s;
        const QByteArray body =
            R"({"id":1,"name":"Ada","tags":["x","y"],"nested":{"ok":true,"n":null},"empty":{}})";
        s.viewer.setBody(BodySource::fromBytes(body), "application/json; charset=utf-8");
        QCOMPARE(s.viewer.mode(), BodyViewer::Mode::Pretty); // under the auto threshold
        s.viewer.waitForPretty();
        QVERIFY(s.viewer.prettyError().isEmpty());
        QVERIFY(s.viewer.prettyDocument());
        s.viewer.prettyDocument()->waitForIndexed();
        BodyTextView *view = s.viewer.textView();
        QCOMPARE(view->document(), s.viewer.prettyDocument());
        QCOMPARE(view->rowText(0), QStringLiteral("{"));
        QCOMPARE(view->rowText(1), QStringLiteral("  \"id\": 1,"));
        QCOMPARE(view->rowText(3), QStringLiteral("  \"tags\": ["));
        QCOMPARE(view->rowText(4), QStringLiteral("    \"x\","));
        QCOMPARE(view->rowText(view->rowCount() - 2), QStringLiteral("  \"empty\": {}"));
        QCOMPARE(view->rowText(view->rowCount() - 1), QStringLiteral("}"));
        QCOMPARE(view->gutterLabel(0), QStringLiteral("1"));
        // Folds: the root, "tags" and "nested"; the empty object is one line and does not fold.
        QCOMPARE(int(view->folds().foldable().size()), 3);
        const qint64 rows = view->rowCount();
        QVERIFY(view->toggleFold(3)); // "tags": [ … ]
        QCOMPARE(view->rowCount(), rows - 3);
        QCOMPARE(view->rowText(4), QStringLiteral("  \"nested\": {"));
        QVERIFY(!view->toggleFold(1)); // nothing opens on line 1
        QVERIFY(view->toggleFold(0));  // the root hides everything else
        QCOMPARE(view->rowCount(), 1);
        view->unfoldAll();
        QCOMPARE(view->rowCount(), rows);

        const QList<Token> tokens = highlightSegment(Syntax::Json, view->rowText(1));
        QCOMPARE(tokens.size(), 4);
        QCOMPARE(tokens[0].kind, TokenKind::Key);
        QCOMPARE(tokens[1].kind, TokenKind::Punctuation);
        QCOMPARE(tokens[2].kind, TokenKind::Number);
        QCOMPARE(highlightSegment(Syntax::Json, QStringLiteral("\"a\": null"))[2].kind,
                 TokenKind::Literal);
        // A segment cut inside a string starts as a string.
        QCOMPARE(highlightSegment(Syntax::Json, QStringLiteral("tail\", 1"), true)[0].kind,
                 TokenKind::String);
        const QList<Token> markup =
            highlightSegment(Syntax::Markup, QStringLiteral("<a href=\"x\">t</a>"));
        QCOMPARE(markup[0].kind, TokenKind::Tag);
        QCOMPARE(markup[1].kind, TokenKind::Attribute);
        QCOMPARE(markup[2].kind, TokenKind::String);
    }

    void foldMapMapsRowsAcrossSeveralFolds()
    {
        std::atomic_bool cancel{false};
        const auto src = BodySource::fromBytes(R"([{"a":1},{"b":2}])");
        PrettyResult r = prettyPrintJson(*src, cancel);
        QVERIFY(r.ok());
        QCOMPARE(QByteArray(r.output->data(), r.output->size()),
                 QByteArray("[\n  {\n    \"a\": 1\n  },\n  {\n    \"b\": 2\n  }\n]"));
        QCOMPARE(int(r.folds.size()), 3);
        QCOMPARE(r.folds[0].openLine, 0);
        QCOMPARE(r.folds[0].closeLine, 7);
        QCOMPARE(r.folds[1].openLine, 1);
        QCOMPARE(r.folds[1].closeLine, 3);
        BodyDocument doc(r.output);
        doc.waitForIndexed();
        FoldMap map;
        map.setFoldable(r.folds);
        QVERIFY(map.toggle(1, doc));
        QVERIFY(map.toggle(4, doc));
        QCOMPARE(map.visibleRows(doc.segmentCount()), 4);
        QCOMPARE(map.segmentForRow(0), 0);
        QCOMPARE(map.segmentForRow(1), 1);
        QCOMPARE(map.segmentForRow(2), 4);
        QCOMPARE(map.segmentForRow(3), 7);
        QCOMPARE(map.rowForSegment(5), 2); // hidden: the row of its fold
        QCOMPARE(map.rowForSegment(7), 3);
        QVERIFY(map.reveal(5, doc));
        QCOMPARE(map.visibleRows(doc.segmentCount()), 6);
    }

    void largeMinifiedJsonIsCutIntoSegmentsAndPrettyPrintedToAFile()
    {
        const QByteArray body = minifiedJson(150'000);
        QVERIFY(body.size() > 20 * 1024 * 1024);
        QVERIFY(!body.contains('\n'));
        Shown s;
        s.viewer.setBody(BodySource::fromBytes(body), "application/json");
        // Over the auto threshold: raw first, pretty on demand.
        QCOMPARE(s.viewer.mode(), BodyViewer::Mode::Raw);
        QVERIFY(s.viewer.statusText().contains(QStringLiteral("pick Pretty")));
        BodyDocument *raw = s.viewer.rawDocument();
        raw->waitForIndexed();
        QVERIFY(raw->isIndexed());
        QCOMPARE(raw->lineCount(), 1);
        QVERIFY(raw->segmentCount() >= body.size() / BodyDocument::kMaxSegmentBytes);
        QVERIFY(raw->longestSegmentBytes() <= BodyDocument::kMaxSegmentBytes);
        qint64 total = 0;
        for (qint64 seg = 0; seg < raw->segmentCount(); ++seg)
            total += raw->segmentBytes(seg).size();
        QCOMPARE(total, qint64(body.size())); // the segments cover the body exactly
        BodyTextView *view = s.viewer.textView();
        QCOMPARE(view->gutterLabel(0), QStringLiteral("1"));
        QCOMPARE(view->gutterLabel(1), QString()); // a continuation row
        QVERIFY(view->rowText(0).startsWith(QStringLiteral("[{\"id\":0,")));
        // The indexer's string state at each cut matches a count of the quotes before it (the
        // body has no escaped quotes), and some cuts do fall inside strings.
        int inStrings = 0;
        qint64 quotes = 0, scanned = 0;
        for (qint64 seg = 0; seg < 2000; ++seg) {
            const qint64 start = raw->segmentStart(seg);
            quotes += std::count(body.constData() + scanned, body.constData() + start, '"');
            scanned = start;
            QCOMPARE(raw->startsInString(seg), quotes % 2 == 1);
            inStrings += raw->startsInString(seg) ? 1 : 0;
        }
        QVERIFY(inStrings > 0);

        s.viewer.setMode(BodyViewer::Mode::Pretty);
        QVERIFY(s.viewer.isPrettyRunning());
        s.viewer.waitForPretty();
        QVERIFY2(s.viewer.prettyError().isEmpty(), qPrintable(s.viewer.prettyError()));
        BodyDocument *pretty = s.viewer.prettyDocument();
        QVERIFY(pretty->source()->isFile()); // 20 MB of output went to a temporary file
        pretty->waitForIndexed();
        QVERIFY(pretty->lineCount() > 150'000 * 10);
        QCOMPARE(view->document(), pretty);
        QCOMPARE(view->rowText(1), QStringLiteral("  {"));
        QCOMPARE(view->rowText(2), QStringLiteral("    \"id\": 0,"));
        // Folding the root leaves one row.
        QVERIFY(view->toggleFold(0));
        QCOMPARE(view->rowCount(), 1);

        // A rare string: found once, the fold opened and the match scrolled into view.
        s.viewer.find(QStringLiteral("needle-xyz"), true);
        s.viewer.search()->waitForFinished();
        QCOMPARE(int(s.viewer.search()->matches().size()), 1);
        QCOMPARE(s.viewer.currentMatchIndex(), 0);
        const qint64 at = s.viewer.search()->matches()[0];
        QCOMPARE(view->currentMatch(), at);
        QCOMPARE(view->folds().foldedCount(), 0);
        const qint64 row = view->folds().rowForSegment(pretty->segmentAt(at));
        QVERIFY(row >= view->firstVisibleRow());
        QVERIFY(row < view->firstVisibleRow() + view->rowsPerPage());
        QVERIFY(view->rowText(row).contains(QStringLiteral("needle-xyz")));
        QCOMPARE(s.viewer.findBar()->countText(), QStringLiteral("1 of 1"));

        // Case: ASCII folding finds it, an exact search does not.
        s.viewer.find(QStringLiteral("NEEDLE-XYZ"), false);
        s.viewer.search()->waitForFinished();
        QCOMPARE(int(s.viewer.search()->matches().size()), 1);
        s.viewer.find(QStringLiteral("NEEDLE-XYZ"), true);
        s.viewer.search()->waitForFinished();
        QCOMPARE(int(s.viewer.search()->matches().size()), 0);
        QCOMPARE(s.viewer.findBar()->countText(), QStringLiteral("No matches"));

        // A common string in the raw view: every occurrence, streamed over several chunks.
        s.viewer.setMode(BodyViewer::Mode::Raw);
        s.viewer.find(QStringLiteral("\"email\":"), true);
        s.viewer.search()->waitForFinished();
        QCOMPARE(int(s.viewer.search()->matches().size()), 150'000);
        s.viewer.findNext();
        QCOMPARE(s.viewer.currentMatchIndex(), 1);
        s.viewer.findPrevious();
        s.viewer.findPrevious();
        QCOMPARE(s.viewer.currentMatchIndex(), 149'999); // wraps around
    }

    void findAllMatchesAcrossChunkBoundaries()
    {
        QByteArray hay(100, 'x');
        hay.replace(48, 4, "abAB");
        QCOMPARE(findAll(hay, "ab", true, hay.size(), 10), std::vector<qint64>({48}));
        QCOMPARE(findAll(hay, "ab", false, hay.size(), 10), std::vector<qint64>({48, 50}));
        // Only matches starting before the limit belong to this chunk.
        QCOMPARE(findAll(hay, "ab", false, 49, 10), std::vector<qint64>({48}));
        QCOMPARE(findAll(hay, "ab", false, hay.size(), 1).size(), size_t(1));
    }

    void malformedJsonFallsBackToRawWithThePosition()
    {
        Shown s;
        const QByteArray body = R"({"a": [1, 2,, 3]})";
        QSignalSpy finished(&s.viewer, &BodyViewer::prettyFinished);
        s.viewer.setBody(BodySource::fromBytes(body), "application/json");
        s.viewer.waitForPretty();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][0].toBool(), false);
        QCOMPARE(s.viewer.prettyErrorOffset(), 12);
        QVERIFY2(s.viewer.prettyError().contains(QStringLiteral("byte 12 (line 1, column 13)")),
                 qPrintable(s.viewer.prettyError()));
        QVERIFY(s.viewer.statusText().contains(QStringLiteral("Expected a value, found ','")));
        QCOMPARE(s.viewer.mode(), BodyViewer::Mode::Raw);
        QVERIFY(!s.viewer.isModeAvailable(BodyViewer::Mode::Pretty));
        QCOMPARE(s.viewer.textView()->selectionStart(), 12);

        std::atomic_bool cancel{false};
        struct Case {
            const char *json;
            qint64 offset;
            const char *message;
        };
        for (const Case &c :
             {Case{"", 0, "found the end"}, Case{"[1,]", 3, "found ']'"},
              Case{"{\"a\" 1}", 5, "Expected ':'"}, Case{"[\"open", 1, "never ends"},
              Case{"[1] x", 4, "after the JSON"}, Case{"{\"a\":tru}", 5, "Expected a value"},
              Case{"[-]", 2, "Expected a digit"}}) {
            const auto src = BodySource::fromBytes(c.json);
            const PrettyResult r = prettyPrintJson(*src, cancel);
            QVERIFY2(!r.ok(), c.json);
            QCOMPARE(r.errorOffset, c.offset);
            QVERIFY2(r.error.contains(QLatin1String(c.message)), qPrintable(r.error));
        }
    }

    void binaryBodyIsShownAsHex()
    {
        Shown s;
        QByteArray bytes;
        for (int i = 0; i < 40; ++i)
            bytes.append(char(i));
        s.viewer.setBody(BodySource::fromBytes(bytes), "application/octet-stream");
        QCOMPARE(s.viewer.mode(), BodyViewer::Mode::Hex);
        QCOMPARE(s.viewer.hexView()->rowCount(), 3);
        QCOMPARE(s.viewer.hexView()->rowText(0),
                 QStringLiteral("00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  "
                                "|................|"));
        QVERIFY(s.viewer.hexView()->rowText(2).startsWith(QStringLiteral("00000020  20 21 22")));
        QVERIFY(s.viewer.hexView()->rowText(2).endsWith(QStringLiteral("| !\"#$%&'|")));
        QVERIFY(looksBinary(QByteArray("\xff\xfe\x41", 3)));
        QVERIFY(!looksBinary(QByteArray("h\xc3\xa9llo")));
    }

    void imageBodyIsPreviewed()
    {
        QImage image(64, 32, QImage::Format_RGB32);
        image.fill(Qt::red);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(image.save(&buffer, "PNG"));
        Shown s;
        s.viewer.setBody(BodySource::fromBytes(png), "image/png");
        QCOMPARE(s.viewer.mode(), BodyViewer::Mode::Image);
        QCOMPARE(s.viewer.imageLabel()->pixmap().size(), QSize(64, 32));
        // Broken image data says why instead of showing nothing.
        s.viewer.setBody(BodySource::fromBytes("not a png"), "image/png");
        QVERIFY(s.viewer.imageLabel()->pixmap().isNull());
        QVERIFY(s.viewer.imageLabel()->text().startsWith(QStringLiteral("Cannot show")));
    }

    void fileBackedBodyIsMapped()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        QByteArray text;
        for (int i = 0; i < 5000; ++i)
            text += "line " + QByteArray::number(i) + "\r\n";
        file.write(text);
        file.flush();
        QString error;
        const auto src = BodySource::fromFile(file.fileName(), &error);
        QVERIFY2(src, qPrintable(error));
        QVERIFY(src->isFile());
        Shown s;
        s.viewer.setBody(src, "text/plain");
        QCOMPARE(s.viewer.mode(), BodyViewer::Mode::Raw);
        s.viewer.rawDocument()->waitForIndexed();
        QCOMPARE(s.viewer.rawDocument()->lineCount(), 5001); // the final empty line
        QCOMPARE(s.viewer.textView()->rowText(4999), QStringLiteral("line 4999")); // no '\r'
        s.viewer.textView()->scrollToEnd();
        QVERIFY(s.viewer.textView()->firstVisibleRow() > 4900);
        QVERIFY(!BodySource::fromFile(QStringLiteral("/nonexistent/body"), &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent/body")));
    }

    void copyIsExactAndOffThreadForBigSelections()
    {
        Shown s;
        QByteArray body(3 * 1024 * 1024, 'a');
        body.replace(0, 7, "caf\xc3\xa9 x");
        s.viewer.setBody(BodySource::fromBytes(body), "text/plain");
        BodyTextView *view = s.viewer.textView();
        view->setSelection(0, 5); // "café": five bytes
        QSignalSpy copied(view, &BodyTextView::copied);
        view->copy();
        QCOMPARE(copied.size(), 1);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("café"));
        view->selectAll();
        view->copy();
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 2, 20000);
        QCOMPARE(QGuiApplication::clipboard()->text().size(), body.size() - 1);
    }
};

QTEST_MAIN(TestResponseBody)
#include "tst_response_body.moc"
