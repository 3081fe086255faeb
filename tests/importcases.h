#pragma once

// The import cases shared by the reader's tests and the import dialog's: one
// named row per kind of file, with the table it must give or the message it
// must be refused with.

#include "csvimport.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <utility>

namespace importcases {

inline QByteArray utf16LE(const QString &text)
{
    QByteArray bytes("\xFF\xFE");
    for (QChar c : text) {
        bytes.append(char(c.unicode() & 0xFF));
        bytes.append(char(c.unicode() >> 8));
    }
    return bytes;
}

/// Columns: bytes, columns ("name:type:role" per file column), features (after
/// one-hot), classes, rows, firstRow (the first row's features; NaN for missing),
/// notice (a text one notice must equal, or empty).
inline void addTables()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("columns");      // name:type:role per file column
    QTest::addColumn<QStringList>("features"); // after one-hot
    QTest::addColumn<QStringList>("classes");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QList<double>>("firstRow");
    QTest::addColumn<QString>("notice"); // a text one notice must contain, or empty

    const QStringList ab{"a", "b"};
    const QStringList xy{"x", "y"};
    const QString abClass =
        QStringLiteral("a:numeric:feature b:numeric:feature class:categorical:target");

    QTest::newRow("semicolon-with-decimal-comma")
        << QByteArray("a;b;class\n1,5;2;x\n3,25;-0,5;y\n") << abClass << ab << xy << 2
        << QList<double>{1.5, 2} << QString();
    QTest::newRow("utf8-bom") << QByteArray("\xEF\xBB\xBF"
                                            "a,b,class\n1,2,x\n3,4,y\n")
                              << abClass << ab << xy << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("crlf") << QByteArray("a,b,class\r\n1,2,x\r\n3,4,y\r\n") << abClass << ab << xy
                          << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("cr-only") << QByteArray("a,b,class\r1,2,x\r3,4,y\r") << abClass << ab << xy << 2
                             << QList<double>{1, 2} << QString();
    QTest::newRow("blank-lines-skipped") << QByteArray("a,b,class\n\n1,2,x\n\n\n3,4,y\n") << abClass
                                         << ab << xy << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("quoted-delimiters-and-line-breaks")
        << QByteArray(
               "note,a,class\n\"Smith, J\",1,x\n\"two\nlines\",2,y\n\"say \"\"hi\"\"\",3,x\n")
        << QStringLiteral("note:identifier:ignore a:numeric:feature class:categorical:target")
        << QStringList{"a"} << xy << 3 << QList<double>{1}
        << QStringLiteral("column 'note' ignored: a different value in every row");
    QTest::newRow("apostrophes-in-names")
        << QByteArray("city,x,class\nO'Brien's,1,a\nL'Aquila,2,b\nO'Brien's,3,a\n")
        << QStringLiteral("city:categorical:feature x:numeric:feature class:categorical:target")
        << QStringList{"city=O'Brien's", "city=L'Aquila", "x"} << QStringList{"a", "b"} << 3
        << QList<double>{1, 0, 1} << QString();
    QTest::newRow("sep-line") << QByteArray("sep=;\na;b;class\n1,5;2;x\n3;4;y\n") << abClass << ab
                              << xy << 2 << QList<double>{1.5, 2} << QString();
    QTest::newRow("no-header") << QByteArray("1.5,2,a\n3,4,b\n5,6,a\n")
                               << QStringLiteral(
                                      "column_1:numeric:feature column_2:numeric:feature "
                                      "column_3:categorical:target")
                               << QStringList{"column_1", "column_2"} << QStringList{"a", "b"} << 3
                               << QList<double>{1.5, 2} << QString();
    QTest::newRow("duplicate-headers")
        << QByteArray("a,a,,class\n1,2,3,x\n4,5,7,y\n")
        << QStringLiteral("a:numeric:feature a_2:numeric:feature column_3:numeric:feature "
                          "class:categorical:target")
        << QStringList{"a", "a_2", "column_3"} << xy << 2 << QList<double>{1, 2, 3}
        << QStringLiteral("column name 'a' repeats: column 2 called 'a_2'");
    QTest::newRow("trailing-delimiters") << QByteArray("a,b,class,\n1,2,x,\n3,4,y\n") << abClass
                                         << ab << xy << 2 << QList<double>{1, 2} << QString();
    const QList<QByteArray> markers{"", "NA", "N/A", "NaN", "null", "?", "-", "na", "NULL"};
    for (const QByteArray &marker : markers) {
        const QByteArray name = "missing-marker-'" + marker + "'";
        QTest::newRow(name.constData())
            << QByteArray("a,b,class\n1," + marker + ",x\n3,4,y\n5,6,x\n") << abClass << ab << xy
            << 3 << QList<double>{1, std::nan("")} << QString();
    }
    QTest::newRow("identifier-column")
        << QByteArray("id,name,x,class\n17,ann,1,a\n4,bob,2,b\n9,cy,3,a\n")
        << QStringLiteral("id:identifier:ignore name:identifier:ignore x:numeric:feature "
                          "class:categorical:target")
        << QStringList{"x"} << QStringList{"a", "b"} << 3 << QList<double>{1}
        << QStringLiteral("column 'id' ignored: named like an identifier, a different whole "
                          "number in every row");
    QTest::newRow("identifier-name-with-repeats-is-a-feature")
        << QByteArray("patient_id,x,class\n17,1,a\n4,2,b\n17,3,a\n")
        << QStringLiteral("patient_id:numeric:feature x:numeric:feature class:categorical:target")
        << QStringList{"patient_id", "x"} << QStringList{"a", "b"} << 3 << QList<double>{17, 1}
        << QString();
    QTest::newRow("row-number-column")
        << QByteArray("row,x,class\n1,0.5,a\n2,0.25,b\n3,1,a\n")
        << QStringLiteral("row:identifier:ignore x:numeric:feature class:categorical:target")
        << QStringList{"x"} << QStringList{"a", "b"} << 3 << QList<double>{0.5}
        << QStringLiteral("column 'row' ignored: numbers the rows");
    QTest::newRow("r-row-names")
        << QByteArray("\"\",\"x\",\"class\"\n\"1\",1.5,\"a\"\n\"2\",2.5,\"b\"\n\"3\",3.5,\"a\"\n")
        << QStringLiteral("column_1:identifier:ignore x:numeric:feature class:categorical:target")
        << QStringList{"x"} << QStringList{"a", "b"} << 3 << QList<double>{1.5}
        << QStringLiteral("column 1 has no name: called 'column_1'");
    QTest::newRow("target-first")
        << QByteArray("species,a,b\nx,1,2\ny,3,4\n")
        << QStringLiteral("species:categorical:target a:numeric:feature b:numeric:feature") << ab
        << xy << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("numeric-labels-with-gaps")
        << QByteArray("a,class\n0.5,3\n2,12\n3,7\n4,3\n")
        << QStringLiteral("a:numeric:feature class:numeric:target") << QStringList{"a"}
        << QStringList{"3", "7", "12"} << 4 << QList<double>{0.5} << QString();
    QTest::newRow("booleans-yes-no")
        << QByteArray("smoker,x,class\nyes,1,a\nno,2,b\nyes,3,a\n")
        << QStringLiteral("smoker:categorical:feature x:numeric:feature class:categorical:target")
        << QStringList{"smoker=yes", "smoker=no", "x"} << QStringList{"a", "b"} << 3
        << QList<double>{1, 0, 1} << QString();
    QTest::newRow("booleans-true-false")
        << QByteArray("x,outcome\n1,TRUE\n2,FALSE\n2,TRUE\n")
        << QStringLiteral("x:numeric:feature outcome:categorical:target") << QStringList{"x"}
        << QStringList{"TRUE", "FALSE"} << 3 << QList<double>{1} << QString();
    QTest::newRow("latin1-text")
        << QByteArray("name,x,class\nJos\xE9,1,a\nZo\xEB,2,b\nJos\xE9,3,a\n")
        << QStringLiteral("name:categorical:feature x:numeric:feature class:categorical:target")
        << QStringList{QStringLiteral("name=Jos\u00E9"), QStringLiteral("name=Zo\u00EB"), "x"}
        << QStringList{"a", "b"} << 3 << QList<double>{1, 0, 1}
        << QStringLiteral("read as Windows-1252: the file is not valid UTF-8 (first at line 2)");
    QTest::newRow("utf16-bom") << utf16LE(QStringLiteral("a,b,class\r\n1,2,x\r\n3,4,\u00E9\r\n"))
                               << abClass << ab << QStringList{"x", QStringLiteral("\u00E9")} << 2
                               << QList<double>{1, 2} << QString();
    QTest::newRow("missing-target-rows-dropped")
        << QByteArray("a,class\n1,x\n2,\n3,y\n7,NA\n")
        << QStringLiteral("a:numeric:feature class:categorical:target") << QStringList{"a"} << xy
        << 2 << QList<double>{1}
        << QStringLiteral("2 rows without a value in the target column 'class' left out");
    QTest::newRow("constant-column-ignored")
        << QByteArray("a,c,class\n1,5,x\n2,5,y\n")
        << QStringLiteral("a:numeric:feature c:numeric:ignore class:categorical:target")
        << QStringList{"a"} << xy << 2 << QList<double>{1}
        << QStringLiteral("column 'c' ignored: the same value in every row");
    QTest::newRow("underflow-reads-as-zero")
        << QByteArray("a,class\n1e-999,x\n2,y\n")
        << QStringLiteral("a:numeric:feature class:categorical:target") << QStringList{"a"} << xy
        << 2 << QList<double>{0} << QString();
    QTest::newRow("dropped-rows-give-no-categories")
        << QByteArray("a,colour,class\n1,red,x\n2,blue,\n3,green,y\n4,red,y\n")
        << QStringLiteral("a:numeric:feature colour:categorical:feature class:categorical:target")
        << QStringList{"a", "colour=red", "colour=green"} << xy << 3 << QList<double>{1, 1, 0}
        << QStringLiteral("1 row without a value in the target column 'class' left out");
    QTest::newRow("numeric-labels-grouped-by-value")
        << QByteArray("a,class\n1,1.0\n2,0\n3,1\n4,0.0\n5,7\n6,1\n")
        << QStringLiteral("a:numeric:feature class:numeric:target") << QStringList{"a"}
        << QStringList{"0", "1.0", "7"} << 6 << QList<double>{1} << QString();

    // Row numbers under any name, once the table is long enough that a measurement
    // is unlikely to count up by one from 0 or 1 in every row.
    const QList<std::pair<QByteArray, int>> rowNumbers{
        {"Unnamed: 0", 0}, {"X", 1}, {"No.", 1}, {"#", 1}, {"rownum", 0}};
    for (const auto &[name, base] : rowNumbers) {
        QByteArray bytes = name + ",x,class\n";
        for (int i = 0; i < 12; ++i)
            bytes += QByteArray::number(base + i) + ',' + QByteArray::number((i * 7 % 12) * 0.5) +
                     ',' + (i < 6 ? "a" : "b") + '\n';
        const QByteArray tag = "row-number-named-'" + name + "'";
        QTest::newRow(tag.constData())
            << bytes
            << QString::fromLatin1(name) +
                   QStringLiteral(":identifier:ignore x:numeric:feature class:categorical:target")
            << QStringList{"x"} << QStringList{"a", "b"} << 12 << QList<double>{0}
            << QStringLiteral("column '%1' ignored: numbers the rows")
                   .arg(QString::fromLatin1(name));
    }
    // Shuffled (df.sample(frac=1).to_csv()) and filtered (gaps) row indexes.
    QByteArray shuffled("Unnamed: 0,x,class\n");
    QByteArray anyName("n,x,class\n");
    QByteArray gaps("Unnamed: 0,x,class\n");
    QByteArray rIndex("X,x,class\n");
    for (int i = 0; i < 12; ++i) {
        const QByteArray rest =
            ',' + QByteArray::number((i * 7 % 12) * 0.5) + ',' + (i < 6 ? "a" : "b") + '\n';
        shuffled += QByteArray::number(i * 5 % 12) + rest;
        anyName += QByteArray::number(i * 7 % 12 + 1) + rest;
        gaps += QByteArray::number(i * 3 + i % 2) + rest;
        rIndex += QByteArray::number(i * i + 2) + rest;
    }
    const QList<std::pair<QByteArray, QByteArray>> indexes{
        {"shuffled-pandas-index", shuffled},
        {"shuffled-row-numbers-any-name", anyName},
        {"pandas-index-with-gaps", gaps},
        {"r-index-with-gaps", rIndex}};
    for (const auto &[tag, bytes] : indexes) {
        const QString name = QString::fromLatin1(bytes.left(bytes.indexOf(',')));
        QTest::newRow(tag.constData())
            << bytes
            << name + QStringLiteral(":identifier:ignore x:numeric:feature "
                                     "class:categorical:target")
            << QStringList{"x"} << QStringList{"a", "b"} << 12 << QList<double>{0}
            << QStringLiteral("column '%1' ignored: numbers the rows").arg(name);
    }
    QByteArray integers("count,x,class\n");
    for (int i = 0; i < 12; ++i)
        integers += QByteArray::number(i * 5 % 11 + 1) + ',' + QByteArray::number(i * 0.5) + ',' +
                    (i < 6 ? "a" : "b") + '\n';
    QTest::newRow("integer-feature-is-not-a-row-number")
        << integers
        << QStringLiteral("count:numeric:feature x:numeric:feature class:categorical:target")
        << QStringList{"count", "x"} << QStringList{"a", "b"} << 12 << QList<double>{1, 0}
        << QString();

    QTest::newRow("numeric-header-years")
        << QByteArray("2019,2020,2021,label\n1.5,2.3,4.1,a\n2.5,3.5,0.5,b\n0.25,1.75,2.5,a\n")
        << QStringLiteral("2019:numeric:feature 2020:numeric:feature 2021:numeric:feature "
                          "label:categorical:target")
        << QStringList{"2019", "2020", "2021"} << QStringList{"a", "b"} << 3
        << QList<double>{1.5, 2.3, 4.1} << QString();
    QTest::newRow("numeric-header-years-above-a-class-column")
        << QByteArray("2019,2020,2021\n1.5,2.3,0\n2.5,3.5,1\n0.25,1.75,1\n3.5,0.5,0\n")
        << QStringLiteral("2019:numeric:feature 2020:numeric:feature 2021:numeric:target")
        << QStringList{"2019", "2020"} << QStringList{"0", "1"} << 4 << QList<double>{1.5, 2.3}
        << QString();
    QTest::newRow("thousands-separator-decimal-comma")
        << QByteArray("a;b;class\n1.037,5;2;x\n2.100,25;3;y\n3,5;4;x\n")
        << QStringLiteral("a:identifier:ignore b:numeric:feature class:categorical:target")
        << QStringList{"b"} << xy << 3 << QList<double>{2}
        << QStringLiteral("column 'a' ignored: numbers with a thousands separator ('1.037,5') "
                          "are not read as numbers; save the table without them");
    QTest::newRow("thousands-separator-decimal-dot")
        << QByteArray("a,b,class\n\"1,037.5\",2,x\n\"1,037.5\",3,y\n12.5,4,x\n7,5,y\n")
        << QStringLiteral("a:categorical:feature b:numeric:feature class:categorical:target")
        << QStringList{"a=1,037.5", "a=12.5", "a=7", "b"} << xy << 4 << QList<double>{1, 0, 0, 2}
        << QStringLiteral("column 'a': numbers with a thousands separator ('1,037.5') are not "
                          "read as numbers; save the table without them");
    QTest::newRow("numbers-beside-unicode-spaces")
        << QByteArray("a,b,class\n1.5\xC2\xA0,2,x\n\xC2\xA0"
                      "2,3,y\n\xE2\x80\xAF"
                      "4\xE3\x80\x80,5,x\n")
        << abClass << ab << xy << 3 << QList<double>{1.5, 2} << QString();
    QTest::newRow("quotes-inside-unquoted-fields")
        << QByteArray("note,size,class\nHe said \"hi\" 0,12\",x\nok,7\",y\nok,12\",x\n")
        << QStringLiteral("note:categorical:feature size:categorical:feature "
                          "class:categorical:target")
        << QStringList{"note=He said \"hi\" 0", "note=ok", "size=12\"", "size=7\""} << xy << 3
        << QList<double>{1, 0, 1, 0} << QString();
    QTest::newRow("empty-column")
        << QByteArray("a\tb\tclass\n1\t\tx\n2\t\ty\n5\t\tx\n")
        << QStringLiteral("a:numeric:feature b:numeric:ignore class:categorical:target")
        << QStringList{"a"} << xy << 3 << QList<double>{1}
        << QStringLiteral("column 'b' ignored: empty in every row");
    QTest::newRow("no-header-text-column-repeats-first-value")
        << QByteArray("red,small,a\nblue,large,b\nred,small,a\n")
        << QStringLiteral("column_1:categorical:feature column_2:categorical:feature "
                          "column_3:categorical:target")
        << QStringList{"column_1=red", "column_1=blue", "column_2=small", "column_2=large"}
        << QStringList{"a", "b"} << 3 << QList<double>{1, 0, 1, 0} << QString();
    QTest::newRow("all-text-header")
        << QByteArray("colour,size,class\nred,small,a\nblue,large,b\nred,small,a\n")
        << QStringLiteral("colour:categorical:feature size:categorical:feature "
                          "class:categorical:target")
        << QStringList{"colour=red", "colour=blue", "size=small", "size=large"}
        << QStringList{"a", "b"} << 3 << QList<double>{1, 0, 1, 0} << QString();

    QByteArray measured("x,y\n");
    QStringList measuredClasses;
    for (int i = 0; i < 60; ++i) {
        measured += QByteArray::number(i % 5) + ',' + QByteArray::number(i + 0.5) + '\n';
        measuredClasses.append(QString::number(i + 0.5));
    }
    QTest::newRow("target-of-single-row-classes")
        << measured << QStringLiteral("x:numeric:feature y:numeric:target") << QStringList{"x"}
        << measuredClasses << 60 << QList<double>{0}
        << QStringLiteral("target 'y' has 60 classes for 60 rows (60 with a single row); is it "
                          "a measurement rather than a class?");
    QTest::newRow("tab-delimited") << QByteArray("a\tb\tclass\n1\t2\tx\n3\t4\ty\n") << abClass << ab
                                   << xy << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("pipe-delimited") << QByteArray("a|b|class\n1|2|x\n3|4|y\n") << abClass << ab
                                    << xy << 2 << QList<double>{1, 2} << QString();
}

/// Columns: bytes, message (what follows the path in the refusal).
inline void addRefusals()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message"); // follows the path

    QTest::newRow("binary-xlsx") << QByteArray("PK\x03\x04\x14\0\x06\0", 8)
                                 << QStringLiteral(": this is a ZIP archive, such as an Excel "
                                                   ".xlsx or OpenDocument .ods spreadsheet, not "
                                                   "a CSV file; save the sheet as CSV first");
    QTest::newRow("binary-nul-byte")
        << QByteArray("a,b\n1,\0,2\n", 10)
        << QStringLiteral(":2:3: binary data (a NUL byte) where text was expected; save the "
                          "table as UTF-8 CSV");
    QTest::newRow("html-page")
        << QByteArray("\n<!DOCTYPE html>\n<html><body>a,b</body></html>\n")
        << QStringLiteral(": this is an HTML web page, not a CSV file; download the raw CSV "
                          "file instead of the page that shows it");
    QTest::newRow("empty-file") << QByteArray() << QStringLiteral(": the file is empty");
    QTest::newRow("blank-lines-only")
        << QByteArray("\n\r\n\n") << QStringLiteral(": the file has only blank lines");
    QTest::newRow("header-only") << QByteArray("a,b,class\n")
                                 << QStringLiteral(":1: the file has a header but no data rows");
    QTest::newRow("single-class")
        << QByteArray("a,class\n1,x\n2,x\n")
        << QStringLiteral(": column 'class' holds a single class ('x'); classification needs "
                          "at least 2");
    QTest::newRow("ragged-rows")
        << QByteArray("a,b,class\n1,2,x\n3,y\n4,5,z\n6,w\n")
        << QStringLiteral(":3: expected 3 fields, found 2; 2 rows have the wrong number of "
                          "fields");
    QTest::newRow("ragged-row-against-one-field")
        << QByteArray("a\n1\n2,3\n") << QStringLiteral(":3: expected 1 field, found 2");
    const QString text = QStringLiteral("a,b,class\n1,2,x\n3,4,y\n");
    const QByteArray littleEndian = utf16LE(text).mid(2);
    QByteArray bigEndian = littleEndian;
    for (qsizetype i = 0; i + 1 < bigEndian.size(); i += 2)
        std::swap(bigEndian[i], bigEndian[i + 1]);
    for (const auto &[name, bytes] : {std::pair{QStringLiteral("UTF-16LE"), littleEndian},
                                      std::pair{QStringLiteral("UTF-16BE"), bigEndian}}) {
        const QByteArray tag = name.toLatin1().toLower() + "-without-bom";
        QTest::newRow(tag.constData())
            << bytes
            << QStringLiteral(": binary data (NUL bytes) where text was expected; the NUL bytes "
                              "fall on every other byte, so the file looks like %1 text without "
                              "a byte order mark; state the encoding: --encoding %1 on the "
                              "command line, or %1 as the Encoding in the import dialog")
                   .arg(name);
    }
    QTest::newRow("unterminated-quote")
        << QByteArray("a,class\n1,x\n\"2,y\n3,z\n")
        << QStringLiteral(":3:1: unterminated quoted field starting here");
    QTest::newRow("overflow-value")
        << QByteArray("a,class\n1e999,x\n2,y\n")
        << QStringLiteral(":2:1: column 'a': '1e999' is infinite or too large for a number; "
                          "correct it, or add it to the missing markers");
    QTest::newRow("infinite-value")
        << QByteArray("a,b,class\n1,2,x\n3,-inf,y\n")
        << QStringLiteral(":3:3: column 'b': '-inf' is infinite or too large for a number; "
                          "correct it, or add it to the missing markers");
    QByteArray strayWord("a,b,class\n");
    for (int i = 0; i < 20; ++i)
        strayWord += QByteArray::number(i) + (i == 11 ? ",abc," : ",1.5,") + "xy"[i % 2] + '\n';
    QTest::newRow("numbers-with-a-stray-word")
        << strayWord << QStringLiteral(":13:4: column 'b': expected a number, found 'abc'");
    QByteArray otherMark("a,b,class\n");
    for (int i = 0; i < 12; ++i)
        otherMark +=
            QByteArray::number(i * 0.25) + (i == 5 ? ",\"1,5\"," : ",2.5,") + "xy"[i % 2] + '\n';
    QTest::newRow("number-with-the-other-decimal-mark")
        << otherMark
        << QStringLiteral(":7:6: column 'b': expected a number with a '.' decimal mark, found "
                          "'1,5'");
    QTest::newRow("no-usable-feature")
        << QByteArray("id,class\n1,x\n2,y\n3,x\n")
        << QStringLiteral(": no usable feature columns besides the target 'class'");
    QByteArray manyValues("a,y\n");
    for (int i = 0; i < 150; ++i)
        manyValues += QByteArray::number(i % 7) + ',' + QByteArray::number(i * 0.37) + '\n';
    QTest::newRow("numeric-target-with-many-values")
        << manyValues
        << QStringLiteral(": column 'y' holds more than 100 distinct numbers: it looks like a "
                          "quantity to estimate, not classes; TRM Studio classifies, so choose "
                          "a class column as the target");
}

/// Compact description of the column types and roles, e.g. "a:numeric:feature".
inline QString describeColumns(const trm::Dataset &d)
{
    QStringList parts;
    for (const trm::ColumnProfile &p : d.columnProfiles)
        parts.append(p.name + QLatin1Char(':') + trm::typeName(p.type) + QLatin1Char(':') +
                     trm::roleName(p.role));
    return parts.join(QLatin1Char(' '));
}

/// NaN compares unequal to itself; the tests write it as NaN and mean "missing".
inline bool sameValues(const QList<double> &actual, const QList<double> &expected)
{
    if (actual.size() != expected.size())
        return false;
    for (qsizetype i = 0; i < actual.size(); ++i) {
        const bool bothNaN = std::isnan(actual[i]) && std::isnan(expected[i]);
        if (!bothNaN && std::abs(actual[i] - expected[i]) > 1e-12)
            return false;
    }
    return true;
}

inline QString show(const QList<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts.append(QString::number(v));
    return parts.join(QStringLiteral(", "));
}

/// Checks a loaded table against the current row of addTables().
inline void verifyTable(const trm::Dataset &d)
{
    QFETCH(QString, columns);
    QFETCH(QStringList, features);
    QFETCH(QStringList, classes);
    QFETCH(int, rows);
    QFETCH(QList<double>, firstRow);
    QFETCH(QString, notice);

    QCOMPARE(describeColumns(d), columns);
    QCOMPARE(d.featureNames, features);
    QCOMPARE(d.recipe.featureNames(), features);
    QCOMPARE(d.classNames, classes);
    QCOMPARE(d.rowCount(), rows);
    QList<double> first;
    for (Eigen::Index j = 0; j < d.features.cols(); ++j)
        first.append(d.features(0, j));
    QVERIFY2(sameValues(first, firstRow), qPrintable(show(first)));
    if (!notice.isEmpty()) {
        const bool found = std::any_of(d.notices.begin(), d.notices.end(),
                                       [&](const QString &n) { return n == notice; });
        QVERIFY2(found, qPrintable(d.notices.join(QStringLiteral(" | "))));
    }
}

} // namespace importcases
