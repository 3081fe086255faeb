#include "messagebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace trm::ui {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_closeButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_closeButton->setText(QStringLiteral("\u2715"));
    m_closeButton->setAutoRaise(true);
    m_closeButton->setToolTip(tr("Close this message"));
    connect(m_closeButton, &QToolButton::clicked, this, &MessageBanner::dismiss);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 6, 8);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_closeButton, 0, Qt::AlignTop);
    hide();
}

void MessageBanner::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    const bool error = kind == Kind::Error;
    setStyleSheet(QStringLiteral("QFrame#messageBanner { background: %1; border: 1px solid %2;"
                                 " border-radius: 4px; } QLabel { color: %3; }")
                      .arg(error ? QStringLiteral("#fbe3e4") : QStringLiteral("#e3eefb"),
                           error ? QStringLiteral("#d9534f") : QStringLiteral("#4a90d9"),
                           error ? QStringLiteral("#7a1f1f") : QStringLiteral("#1f3f7a")));
    m_label->setText(error ? tr("Error: %1").arg(text) : text);
    show();
}

void MessageBanner::dismiss()
{
    hide();
    m_label->clear();
}

QString MessageBanner::text() const
{
    return m_label->text();
}

} // namespace trm::ui
