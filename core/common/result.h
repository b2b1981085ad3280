// bb::common — errors as values: Result<T> and Error cross module boundaries instead of exceptions.
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace bb {

/// Broad kinds of failure; callers map these to HTTP statuses, dialogs or exit codes.
enum class ErrorCode {
    Invalid,      ///< the caller's input is wrong (400)
    NotFound,     ///< the thing asked for does not exist (404)
    Conflict,     ///< a uniqueness or state conflict (409)
    Precondition, ///< an If-Match style precondition failed (412)
    TooLarge,     ///< a size limit was exceeded (413)
    Unavailable,  ///< a dependency (database, socket) is not usable right now (503)
    Io,           ///< file or network I/O failed
    Internal,     ///< a bug or an unexpected state
};

/// An error with a code, a human message and, for text inputs, the 0-based position it refers to.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
    int position = -1;

    static Error invalid(QString msg, int pos = -1)
    {
        return {ErrorCode::Invalid, std::move(msg), pos};
    }
    static Error notFound(QString msg) { return {ErrorCode::NotFound, std::move(msg)}; }
    static Error io(QString msg) { return {ErrorCode::Io, std::move(msg)}; }
    static Error internal(QString msg) { return {ErrorCode::Internal, std::move(msg)}; }
    static Error unavailable(QString msg) { return {ErrorCode::Unavailable, std::move(msg)}; }
};

/// Either a value or an Error. Accessing the wrong alternative is a programming error.
template<typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_v(std::move(value))
    {}
    Result(Error error)
        : m_v(std::move(error))
    {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

/// Result for operations that return nothing but may fail.
template<> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace bb
