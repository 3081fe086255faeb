#pragma once

#include "reportdata.h"
#include "result.h"

#include <QPageSize>
#include <QString>

namespace trm::report {

/// How a metric value reads in a report: fixed decimals, and an em dash for a
/// value that is undefined (a precision of a class never predicted), never NaN.
QString metricText(double value, bool defined = true, int decimals = 4);

/// One self-contained HTML page: the charts are embedded as base64 PNG data.
QString reportHtml(const ReportData &report);

/// The confusion matrix and the metrics table as two CSV sections, separated by
/// a blank line, each with its own header row.
QString reportCsv(const ReportData &report);

/// Writers. Each writes atomically (QSaveFile): on failure an earlier file is
/// left as it was and the error says why. They need a QGuiApplication (fonts).
Result<void> writeHtmlReport(const ReportData &report, const QString &path);
Result<void> writeCsvReport(const ReportData &report, const QString &path);
Result<void> writePdfReport(const ReportData &report, const QString &path,
                            QPageSize::PageSizeId pageSize = QPageSize::A4);

/// Chooses the format from the file suffix (.html/.htm, .pdf, .csv); `pageSize`
/// is "a4" or "letter" and matters only for PDF.
Result<void> writeReport(const ReportData &report, const QString &path,
                         const QString &pageSize = QStringLiteral("a4"));

} // namespace trm::report
