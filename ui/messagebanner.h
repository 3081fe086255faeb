#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace trm::ui {

/// A coloured strip above the work area that says what went wrong (or, in a
/// calmer colour, what happened) until the person closes it or acts again.
/// Unlike a dialog it blocks nothing and leaves what was on screen in place.
class MessageBanner : public QFrame
{
    Q_OBJECT

public:
    enum class Kind
    {
        Error,
        Information
    };

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    void showError(const QString &text) { showMessage(Kind::Error, text); }
    void dismiss();

    QString text() const;
    Kind kind() const { return m_kind; }

private:
    QLabel *m_label;
    QToolButton *m_closeButton;
    Kind m_kind = Kind::Information;
};

} // namespace trm::ui
