#include "screenshot_scenes.h"

#include "database_widget.h"
#include "dbx/edit_buffer.h"
#include "dbx/row_source.h"
#include "dbx/table_model.h"
#include "edit_bar.h"
#include "filter_header.h"
#include "schema_tree_model.h"
#include "sql_editor.h"
#include "sql_tab.h"
#include "store/database.h"
#include "table_tab.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTreeView>

namespace bb::plugins::database {

namespace {

const char *const kArtists[] = {"AC/DC",           "Accept",
                                "Aerosmith",       "Alanis Morissette",
                                "Alice In Chains", "Antônio Carlos Jobim",
                                "Apocalyptica",    "Audioslave",
                                "BackBeat",        "Billy Cobham"};
const char *const kAlbums[] = {"For Those About To Rock We Salute You",
                               "Balls to the Wall",
                               "Restless and Wild",
                               "Big Ones",
                               "Jagged Little Pill",
                               "Facelift",
                               "Warner 25 Anos",
                               "Plays Metallica By Four Cellos",
                               "Audioslave",
                               "BackBeat Soundtrack",
                               "The Best Of Billy Cobham",
                               "Let There Be Rock"};
const char *const kTracks[] = {"For Those About To Rock (We Salute You)",
                               "Put The Finger On You",
                               "Let's Get It Up",
                               "Inject The Venom",
                               "Snowballed",
                               "Evil Walks",
                               "Breaking The Rules",
                               "Night Of The Long Knives",
                               "Spellbound",
                               "Fast As a Shark",
                               "Restless and Wild",
                               "Princess of the Dawn",
                               "Walk On Water",
                               "Love In An Elevator",
                               "Rag Doll",
                               "What It Takes",
                               "Dude (Looks Like A Lady)",
                               "Janie's Got A Gun",
                               "Cryin'",
                               "Amazing",
                               "Crazy",
                               "Eat The Rich",
                               "All I Really Want",
                               "You Oughta Know",
                               "Perfect",
                               "Hand In My Pocket",
                               "Right Through You",
                               "Forgiven",
                               "You Learn",
                               "Head Over Feet",
                               "Mary Jane",
                               "Ironic",
                               "Not The Doctor",
                               "Wake Up",
                               "You Oughta Know (Alternate)",
                               "We Die Young",
                               "Man In The Box",
                               "Sea Of Sorrow",
                               "Bleed The Freak",
                               "I Can't Remember",
                               "Love, Hate, Love",
                               "It Ain't Like That",
                               "Sunshine",
                               "Put You Down",
                               "Confusion",
                               "I Know Somethin",
                               "Real Thing",
                               "Desafinado",
                               "Garota De Ipanema",
                               "Samba De Uma Nota Só",
                               "Por Causa De Você",
                               "Ligia",
                               "Fotografia",
                               "Dindi",
                               "Enter Sandman",
                               "Master Of Puppets",
                               "Harvester Of Sorrow",
                               "The Unforgiven",
                               "Sad But True",
                               "Creeping Death",
                               "Cochise",
                               "Show Me How to Live",
                               "Gasoline",
                               "What You Are",
                               "Like a Stone",
                               "Set It Off",
                               "Shadow on the Sun",
                               "I am the Highway",
                               "Money",
                               "Long Tall Sally",
                               "Bad Boy",
                               "Twist And Shout",
                               "Please Mr. Postman",
                               "C'Mon Everybody",
                               "Rock 'N' Roll Music",
                               "Slow Down",
                               "Roadrunner",
                               "Carol",
                               "Good Golly Miss Molly",
                               "20 Flight Rock",
                               "Quadrant",
                               "Snoopy's search-Red baron",
                               "Spanish moss-A sound portrait",
                               "Moon germs",
                               "Stratus",
                               "The pleasant pheasant",
                               "Solo-Panhandler",
                               "Do what cha wanna",
                               "Go Down",
                               "Dog Eat Dog",
                               "Let There Be Rock",
                               "Bad Boy Boogie",
                               "Problem Child",
                               "Overdose",
                               "Hell Ain't A Bad Place To Be",
                               "Whole Lotta Rosie"};
const char *const kComposers[] = {"Angus Young, Malcolm Young, Brian Johnson",
                                  "F. Baltes, S. Kaufman, U. Dirkscneider & W. Hoffman",
                                  "Steven Tyler, Joe Perry",
                                  "Alanis Morissette & Glenn Ballard",
                                  "Jerry Cantrell",
                                  "Antônio Carlos Jobim",
                                  "Apocalyptica",
                                  "Audioslave/Chris Cornell",
                                  "Lennon/McCartney",
                                  "Billy Cobham"};
const char *const kGenres[] = {"Rock", "Jazz", "Metal", "Alternative & Punk", "Bossa Nova"};

} // namespace

ScreenshotScenes::ScreenshotScenes(DatabaseWidget &panel)
    : m_panel(panel)
{}

QStringList ScreenshotScenes::names()
{
    return {QStringLiteral("grid"), QStringLiteral("edits"), QStringLiteral("sql"),
            QStringLiteral("plan")};
}

QString ScreenshotScenes::writeDemoDatabase(const QString &path)
{
    QFile::remove(path);
    auto db = store::Database::open(QStringLiteral("sqlite:") + path);
    if (!db)
        return db.error().message;
    auto written = (*db)->write<int>([](QSqlDatabase &conn) -> Result<int> {
        QSqlQuery q(conn);
        for (const char *sql :
             {"CREATE TABLE genres (GenreId INTEGER PRIMARY KEY, Name TEXT NOT NULL)",
              "CREATE TABLE artists (ArtistId INTEGER PRIMARY KEY, Name TEXT NOT NULL)",
              "CREATE TABLE albums (AlbumId INTEGER PRIMARY KEY, Title TEXT NOT NULL, ArtistId "
              "INTEGER NOT NULL REFERENCES artists(ArtistId))",
              "CREATE TABLE tracks (TrackId INTEGER PRIMARY KEY, Name TEXT NOT NULL, AlbumId "
              "INTEGER REFERENCES albums(AlbumId), GenreId INTEGER REFERENCES genres(GenreId), "
              "Composer TEXT, Milliseconds INTEGER NOT NULL, Bytes INTEGER, UnitPrice "
              "NUMERIC(10,2) NOT NULL DEFAULT 0.99)",
              "CREATE INDEX idx_tracks_album ON tracks(AlbumId)",
              "CREATE VIEW album_lengths AS SELECT a.Title, count(*) AS tracks, "
              "sum(t.Milliseconds) / 60000 AS minutes FROM albums a JOIN tracks t ON t.AlbumId "
              "= a.AlbumId GROUP BY a.AlbumId"}) {
            if (!q.exec(QString::fromUtf8(sql)))
                return Error::internal(q.lastError().text());
        }
        q.prepare(QStringLiteral("INSERT INTO genres VALUES (?, ?)"));
        for (int i = 0; i < 5; ++i) {
            q.addBindValue(i + 1);
            q.addBindValue(QString::fromUtf8(kGenres[i]));
            q.exec();
        }
        q.prepare(QStringLiteral("INSERT INTO artists VALUES (?, ?)"));
        for (int i = 0; i < 10; ++i) {
            q.addBindValue(i + 1);
            q.addBindValue(QString::fromUtf8(kArtists[i]));
            q.exec();
        }
        q.prepare(QStringLiteral("INSERT INTO albums VALUES (?, ?, ?)"));
        for (int i = 0; i < 12; ++i) {
            q.addBindValue(i + 1);
            q.addBindValue(QString::fromUtf8(kAlbums[i]));
            q.addBindValue(i == 11 ? 1 : i + 1 > 10 ? 10 : i + 1);
            q.exec();
        }
        q.prepare(
            QStringLiteral("INSERT INTO tracks (TrackId, Name, AlbumId, GenreId, Composer, "
                           "Milliseconds, Bytes, UnitPrice) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        const int n = int(std::size(kTracks));
        for (int i = 0; i < n; ++i) {
            const int album = std::min(12, i / 8 + 1);
            const int artist = std::min(10, album);
            q.addBindValue(i + 1);
            q.addBindValue(QString::fromUtf8(kTracks[i]));
            q.addBindValue(album);
            q.addBindValue(artist % 5 + 1);
            // Chinook leaves many composers unknown: every fourth one here.
            q.addBindValue(i % 4 == 3 ? QVariant()
                                      : QVariant(QString::fromUtf8(kComposers[artist - 1])));
            q.addBindValue(180000 + (i * 7919) % 240000);
            q.addBindValue(5000000 + (i * 104729) % 6000000);
            q.addBindValue(0.99);
            if (!q.exec())
                return Error::internal(q.lastError().text());
        }
        return n;
    });
    (*db)->close();
    return written ? QString() : written.error().message;
}

bool ScreenshotScenes::ensureOpen()
{
    // An opened file's profile keeps its canonical path: compare canonical to canonical.
    if (m_panel.database() && m_panel.openProfileInfo().path.startsWith(
                                  QFileInfo(m_dir.path()).canonicalFilePath() + QLatin1Char('/')))
        return true;
    if (!m_dir.isValid()) {
        m_problem = QStringLiteral("no temporary folder for the demo database");
        return false;
    }
    const QString path = QDir(m_dir.path()).filePath(QStringLiteral("chinook-demo.db"));
    if (const QString error = writeDemoDatabase(path); !error.isEmpty()) {
        m_problem = error;
        return false;
    }
    m_panel.openSqliteFile(path);
    return true;
}

bool ScreenshotScenes::prepare(int index)
{
    m_scene = index;
    m_step = 0;
    m_problem.clear();
    if (index < 0 || index >= names().size()) {
        m_problem = QStringLiteral("no scene %1").arg(index);
        return false;
    }
    return ensureOpen();
}

bool ScreenshotScenes::isReady()
{
    // Each scene advances one step per poll once the previous step's asynchronous work landed.
    if (!m_panel.database() || m_panel.schemaModel()->tableNames().isEmpty()) {
        m_problem = QStringLiteral("waiting for the demo database's schema");
        return false;
    }
    switch (m_scene) {
    case 0: { // the grid of tracks with a NULL composer and a filter
        if (m_step == 0) {
            m_grid = m_panel.openTable(QStringLiteral("tracks"));
            if (!m_grid) {
                m_problem = m_panel.statusText();
                return false;
            }
            // The tracks table opened in the tree: its columns with types, keys and defaults.
            const QModelIndex tracks =
                m_panel.schemaModel()->indexOfTable(QStringLiteral("tracks"));
            m_panel.schemaView()->expand(tracks);
            m_panel.schemaView()->expand(m_panel.schemaModel()->index(0, 0, tracks));
            m_grid->filterHeader()->setFilterText(1, QStringLiteral("o"));
            m_grid->view()->setColumnWidth(0, 70);
            m_grid->view()->setColumnWidth(1, 240);
            m_grid->view()->setColumnWidth(4, 260);
            m_step = 1;
            return false;
        }
        if (!m_grid)
            return false;
        const auto *model = m_grid->model();
        const bool ready = model->rowCount() > 3 &&
                           model->index(3, 0).data(dbx::TableModel::LoadedRole).toBool() &&
                           m_grid->source()->countIsExact();
        if (!ready)
            m_problem = QStringLiteral("waiting for the filtered rows (%1 rows, exact: %2) %3")
                            .arg(model->rowCount())
                            .arg(m_grid->source()->countIsExact())
                            .arg(m_grid->errorText());
        return ready;
    }
    case 1: { // staged edits with the SQL preview
        if (!m_grid)
            return false;
        if (m_step == 0) {
            auto *model = m_grid->model();
            model->setData(model->index(0, 1), QStringLiteral("For Those About To Rock (Live)"));
            model->setData(model->index(3, 4), QStringLiteral("Angus Young, Malcolm Young"));
            model->removeRows(5, 1);
            m_grid->editBar()->addRow();
            model->setData(model->index(0, 1), QStringLiteral("Highway to Hell"));
            model->setData(model->index(0, 2), 12);
            model->setData(model->index(0, 5), 208000);
            m_grid->editBar()->setPreviewVisible(true);
            m_step = 1;
            return false;
        }
        return m_grid->editBuffer()->hasChanges();
    }
    case 2: { // a join in the SQL editor, with its results
        if (m_step == 0) {
            if (m_grid)
                m_grid->editBuffer()->revert();
            m_sql = m_panel.newSqlTab(
                QStringLiteral("-- Albums with their artist and length\n"
                               "SELECT ar.Name AS artist, al.Title AS album,\n"
                               "       count(t.TrackId) AS tracks,\n"
                               "       round(sum(t.Milliseconds) / 60000.0, 1) AS minutes\n"
                               "FROM albums al\n"
                               "JOIN artists ar ON ar.ArtistId = al.ArtistId\n"
                               "LEFT JOIN tracks t ON t.AlbumId = al.AlbumId\n"
                               "GROUP BY al.AlbumId\n"
                               "ORDER BY minutes DESC;\n\n"
                               "UPDATE tracks SET UnitPrice = 1.29 WHERE Composer IS NULL;\n"));
            if (!m_sql) {
                m_problem = m_panel.statusText();
                return false;
            }
            QObject::connect(m_sql, &SqlTab::runFinished, m_sql, [this] { m_ran = true; });
            m_ran = false;
            m_sql->runAll();
            m_step = 1;
            return false;
        }
        return m_ran;
    }
    case 3: { // the plan tree
        if (!m_sql)
            return false;
        if (m_step == 0) {
            m_sql->editor()->setPlainText(
                QStringLiteral("SELECT ar.Name, al.Title, t.Name\nFROM tracks t\nJOIN albums al ON "
                               "al.AlbumId = t.AlbumId\nJOIN artists ar ON ar.ArtistId = "
                               "al.ArtistId\nWHERE t.Composer IS NULL\nORDER BY t.Milliseconds "
                               "DESC;"));
            QObject::connect(m_sql, &SqlTab::planShown, m_sql, [this] { m_planned = true; });
            m_planned = false;
            m_sql->explain(false);
            m_step = 1;
            return false;
        }
        return m_planned;
    }
    default:
        return false;
    }
}

} // namespace bb::plugins::database
