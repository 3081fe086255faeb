#pragma once

// Test inputs written to files named after the current data row, so that
// messages, which start with the path, name the case that produced them.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

inline QString writeCaseFile(const QTemporaryDir &dir, const QByteArray &bytes)
{
    QString tag = QString::fromLatin1(QTest::currentDataTag());
    tag.replace(QLatin1Char('/'), QLatin1Char('_'));
    const QString path = dir.filePath(tag + QStringLiteral(".csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write the test file %s", qPrintable(path));
    return path;
}
