#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace trm {

/// A problem a person can act on: what went wrong, and where.
/// `message` is complete on its own ("iris.csv:12:3: expected a number, found 'abc'").
struct Error
{
    QString message;
};

/// The value of an operation that can fail on bad input, or the reason it failed.
/// The core never throws across its interface; callers test `ok()` and read either
/// `value()` or `error()`.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<T>(m_state); }
    const T &value() const & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation that yields nothing but may fail.
template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

inline Error makeError(QString message)
{
    return Error{std::move(message)};
}

} // namespace trm
