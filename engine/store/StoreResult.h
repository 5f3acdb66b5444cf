#pragma once

#include "StoreError.h"

#include <utility>
#include <variant>

namespace airdisplay {

// Either a value or a StoreError. Reads return it directly; writes hand it to their callback.
template<typename T>
class StoreResult
{
public:
    StoreResult(T value) : m_data(std::move(value)) {}
    StoreResult(StoreError error) : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T *operator->() const { return &std::get<T>(m_data); }
    const T &operator*() const { return std::get<T>(m_data); }

    StoreError error() const { return ok() ? StoreError() : std::get<StoreError>(m_data); }

private:
    std::variant<T, StoreError> m_data;
};

// For operations that only succeed or fail.
using StoreStatus = StoreError;

} // namespace airdisplay
