// bb::plugins::endpoints — the coloured method badges of the tree, history and tabs, so GET and
// DELETE are told apart at a glance.
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace bb::plugins::endpoints {

/// The colour Postman users know for each method (custom methods are grey).
QColor methodColor(const QString &method);
/// A small icon with the method's abbreviation in its colour (cached per method).
QIcon methodIcon(const QString &method);

} // namespace bb::plugins::endpoints
