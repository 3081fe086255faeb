// Encodings: UTF-8 validation, Windows-1252 and UTF-16 decoding to UTF-8,
// block by block, so that the reader only ever sees UTF-8.

#include "csvimport_p.h"

namespace trm::csv {

QString encodingName(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Utf8:
        return QStringLiteral("UTF-8");
    case Encoding::Utf16LE:
        return QStringLiteral("UTF-16LE");
    case Encoding::Utf16BE:
        return QStringLiteral("UTF-16BE");
    case Encoding::Windows1252:
        return QStringLiteral("Windows-1252");
    }
    return {};
}

std::optional<Encoding> encodingFromName(const QString &name)
{
    for (Encoding e : {Encoding::Utf8, Encoding::Utf16LE, Encoding::Utf16BE, Encoding::Windows1252})
        if (encodingName(e).compare(name, Qt::CaseInsensitive) == 0)
            return e;
    if (name.compare(QStringLiteral("latin1"), Qt::CaseInsensitive) == 0 ||
        name.compare(QStringLiteral("ISO-8859-1"), Qt::CaseInsensitive) == 0)
        return Encoding::Windows1252;
    return std::nullopt;
}

namespace {

// Windows-1252 differs from Latin-1 only in 0x80-0x9F; the five unassigned
// codes there map to the C1 controls, as Windows itself does.
constexpr char16_t windows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void appendUtf8(QByteArray &out, char16_t code)
{
    if (code < 0x80) {
        out.append(char(code));
    } else if (code < 0x800) {
        out.append(char(0xC0 | (code >> 6)));
        out.append(char(0x80 | (code & 0x3F)));
    } else {
        out.append(char(0xE0 | (code >> 12)));
        out.append(char(0x80 | ((code >> 6) & 0x3F)));
        out.append(char(0x80 | (code & 0x3F)));
    }
}

} // namespace

// Length of the valid UTF-8 prefix of [data, data + size) that ends on a whole
// character; `invalid` is set when what follows is not the start of a character
// cut off by the end of the block.
qsizetype validUtf8Prefix(const unsigned char *data, qsizetype size, bool &invalid)
{
    invalid = false;
    qsizetype i = 0;
    while (i < size) {
        const unsigned char c = data[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        char32_t code = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            code = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            code = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            code = c & 0x07;
        } else {
            invalid = true;
            return i;
        }
        if (i + length > size) {
            for (qsizetype k = i + 1; k < size; ++k)
                invalid = invalid || (data[k] & 0xC0) != 0x80;
            return i;
        }
        for (int k = 1; k < length; ++k) {
            if ((data[i + k] & 0xC0) != 0x80) {
                invalid = true;
                return i;
            }
            code = (code << 6) | (data[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
        const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
        if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
            invalid = true;
            return i;
        }
        i += length;
    }
    return i;
}

TextDecoder::TextDecoder(Encoding encoding)
    : m_encoding(encoding)
{
    if (encoding == Encoding::Utf16LE)
        m_utf16 = QStringDecoder(QStringConverter::Utf16LE, QStringConverter::Flag::Stateless);
    else if (encoding == Encoding::Utf16BE)
        m_utf16 = QStringDecoder(QStringConverter::Utf16BE, QStringConverter::Flag::Stateless);
}

bool TextDecoder::decode(const QByteArray &raw, bool last, QByteArray &out)
{
    switch (m_encoding) {
    case Encoding::Utf8: {
        m_pending.append(raw);
        bool invalid = false;
        const auto *data = reinterpret_cast<const unsigned char *>(m_pending.constData());
        const qsizetype valid = validUtf8Prefix(data, m_pending.size(), invalid);
        if (invalid || (last && valid != m_pending.size()))
            return false;
        out.append(m_pending.constData(), valid);
        m_pending.remove(0, valid);
        return true;
    }
    case Encoding::Windows1252:
        out.reserve(out.size() + raw.size());
        for (char byte : raw) {
            const auto c = static_cast<unsigned char>(byte);
            if (c < 0x80)
                out.append(byte);
            else
                appendUtf8(out, c < 0xA0 ? windows1252High[c - 0x80] : char16_t(c));
        }
        return true;
    case Encoding::Utf16LE:
    case Encoding::Utf16BE: {
        // Stateless per block, so an odd byte or half a surrogate pair waits.
        m_pending.append(raw);
        qsizetype usable = m_pending.size() & ~qsizetype(1);
        if (!last && usable >= 2) {
            const int offset = m_encoding == Encoding::Utf16LE ? 1 : 0;
            const auto high = static_cast<unsigned char>(m_pending[usable - 2 + offset]);
            if (high >= 0xD8 && high <= 0xDB)
                usable -= 2;
        }
        out.append(QString(m_utf16.decode(QByteArrayView(m_pending.constData(), usable))).toUtf8());
        m_pending.remove(0, usable);
        return true;
    }
    }
    return true;
}

} // namespace trm::csv
