#include "common/ids.h"

#include <QSet>
#include <QTest>

class tst_Ids : public QObject {
    Q_OBJECT
private slots:
    void hexIdsHaveTheRightShape_data()
    {
        QTest::addColumn<int>("bytes");
        QTest::newRow("span") << 8;
        QTest::newRow("trace") << 16;
        QTest::newRow("odd") << 5;
    }
    void hexIdsHaveTheRightShape()
    {
        QFETCH(int, bytes);
        for (int i = 0; i < 200; ++i) {
            const std::string id = bb::randomHexId(bytes);
            QCOMPARE(int(id.size()), bytes * 2);
            QVERIFY2(bb::isValidHexId(id, std::size_t(bytes) * 2), id.c_str());
        }
    }

    void hexIdsDoNotRepeat()
    {
        QSet<QByteArray> seen;
        for (int i = 0; i < 10000; ++i)
            seen.insert(QByteArray::fromStdString(bb::randomHexId(16)));
        QCOMPARE(seen.size(), 10000);
    }

    void validation_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ok") << "00f067aa0ba902b7" << true;
        QTest::newRow("zeros") << "0000000000000000" << false;
        QTest::newRow("upper") << "00F067AA0BA902B7" << false;
        QTest::newRow("short") << "00f067aa0ba902b" << false;
        QTest::newRow("non-hex") << "00f067aa0ba902bz" << false;
    }
    void validation()
    {
        QFETCH(QString, id);
        QFETCH(bool, valid);
        QCOMPARE(bb::isValidHexId(id.toStdString(), 16), valid);
    }
};

QTEST_GUILESS_MAIN(tst_Ids)
#include "tst_ids.moc"
