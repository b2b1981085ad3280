// bb::plugins::loadtest — the data rows a run fills `{{name}}` from, read from a CSV or JSON file
// with the same reader as `backbench load --data` and the collection runner (core/tester), and
// a bad file located by line and column so it can be fixed without guessing.
#pragma once

#include <QString>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

namespace bb::plugins::loadtest {

struct DataFile {
    QString path; ///< empty when the rows came with a stored run
    std::vector<std::map<std::string, std::string>> rows;
    QStringList names; ///< the first row's names, in the file's order
    int line = 0;      ///< where the file is wrong (1-based; 0 = no position)
    int column = 0;
    QString error; ///< empty when the rows are usable

    bool ok() const { return error.isEmpty(); }
    bool isEmpty() const { return path.isEmpty() && rows.empty() && error.isEmpty(); }
    /// "120 rows · id, name, token" or "data.csv: line 4, column 7: 3 fields, the header has 2".
    QString summary() const;
};

/// Reads `path`: JSON when it ends in .json or starts with '[', CSV (with a header row)
/// otherwise. A file without rows is an error too.
DataFile loadDataFile(const QString &path);

/// Rows that came with a stored run (no file): names from the first row.
DataFile dataFromRows(std::vector<std::map<std::string, std::string>> rows);

/// The column (1-based) on `line` of CSV `text` where the reader's complaint `message` applies:
/// the stray quote, the character after a closing quote, the opening quote left open, the first
/// field too many (or the end of a record one field short). 0 when it cannot be told.
int csvErrorColumn(const QByteArray &text, int line, const QString &message);

} // namespace bb::plugins::loadtest
