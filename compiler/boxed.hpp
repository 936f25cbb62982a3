// ir::Boxed<T>: an optional value kept on the heap, with std::optional's interface.
//
// The IR holds many members that are rarely set (a column's identity, generated expression,
// collation, comment...). As std::optional each costs its value's full size in every object
// whether set or not (std::optional<Identity> is 160 bytes); boxed it costs one pointer, and the
// allocation happens only for the few objects that set it. Copies are deep and == compares
// values, so a struct's defaulted == and copy keep their meaning when a member becomes Boxed;
// the interface mirrors std::optional so that call sites read the same.
#pragma once

#include <concepts>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace schemactl::ir {

template <typename T>
class Boxed {
 public:
  using value_type = T;

  Boxed() noexcept = default;
  Boxed(std::nullopt_t) noexcept {}
  Boxed(const Boxed& other) : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed(const std::optional<T>& other) : p_(other ? std::make_unique<T>(*other) : nullptr) {}
  Boxed(std::optional<T>&& other) : p_(other ? std::make_unique<T>(std::move(*other)) : nullptr) {}
  // From anything a T is made of (a value, a string literal for Boxed<std::string>), as
  // std::optional<T> converts.
  template <typename U = T>
    requires std::constructible_from<T, U&&> && (!std::same_as<std::remove_cvref_t<U>, Boxed>) &&
             (!std::same_as<std::remove_cvref_t<U>, std::optional<T>>) &&
             (!std::same_as<std::remove_cvref_t<U>, std::nullopt_t>) &&
             (!std::same_as<std::remove_cvref_t<U>, std::in_place_t>)
  Boxed(U&& value) : p_(std::make_unique<T>(std::forward<U>(value))) {}

  Boxed& operator=(const Boxed& other) {
    if (this != &other) assign_from(other.p_.get());
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(std::nullopt_t) noexcept {
    p_.reset();
    return *this;
  }
  Boxed& operator=(const std::optional<T>& other) {
    assign_from(other ? &*other : nullptr);
    return *this;
  }
  Boxed& operator=(std::optional<T>&& other) {
    if (!other) p_.reset();
    else if (p_) *p_ = std::move(*other);
    else p_ = std::make_unique<T>(std::move(*other));
    return *this;
  }
  template <typename U = T>
    requires std::constructible_from<T, U&&> && std::assignable_from<T&, U&&> &&
             (!std::same_as<std::remove_cvref_t<U>, Boxed>) &&
             (!std::same_as<std::remove_cvref_t<U>, std::optional<T>>) &&
             (!std::same_as<std::remove_cvref_t<U>, std::nullopt_t>)
  Boxed& operator=(U&& value) {
    if (p_) *p_ = std::forward<U>(value);
    else p_ = std::make_unique<T>(std::forward<U>(value));
    return *this;
  }

  template <typename... Args>
  T& emplace(Args&&... args) {
    p_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *p_;
  }
  void reset() noexcept { p_.reset(); }

  bool has_value() const noexcept { return p_ != nullptr; }
  explicit operator bool() const noexcept { return p_ != nullptr; }

  // As with std::optional, * and -> on an empty box are undefined; value() checks.
  T& operator*() & { return *p_; }
  const T& operator*() const& { return *p_; }
  T&& operator*() && { return std::move(*p_); }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  T& value() & {
    if (!p_) throw std::bad_optional_access();
    return *p_;
  }
  const T& value() const& {
    if (!p_) throw std::bad_optional_access();
    return *p_;
  }
  template <typename U>
  T value_or(U&& fallback) const& {
    return p_ ? *p_ : static_cast<T>(std::forward<U>(fallback));
  }

  // The value as a std::optional (a copy), for code written against std::optional: a function
  // taking `const std::optional<T>&` takes a Boxed as it is. Not for hot paths (it copies).
  std::optional<T> optional() const { return p_ ? std::optional<T>(*p_) : std::nullopt; }
  operator std::optional<T>() const { return optional(); }

  friend bool operator==(const Boxed& a, const Boxed& b) {
    if (!a.p_ || !b.p_) return !a.p_ && !b.p_;
    return *a.p_ == *b.p_;
  }
  friend bool operator==(const Boxed& a, std::nullopt_t) noexcept { return !a.p_; }
  friend bool operator==(const Boxed& a, const std::optional<T>& b) {
    if (!a.p_ || !b) return !a.p_ && !b;
    return *a.p_ == *b;
  }
  // A box equals a value when it holds one equal to it (as std::optional's == with a value).
  // Only for values a T can be made of: a constraint asking whether `T == U` compiles would
  // recurse through this very operator (rewritten, reversed candidates of C++20).
  template <typename U>
    requires(!std::same_as<std::remove_cvref_t<U>, Boxed> && !std::same_as<std::remove_cvref_t<U>, std::optional<T>> &&
             !std::same_as<std::remove_cvref_t<U>, std::nullopt_t> && std::constructible_from<T, const U&>)
  friend bool operator==(const Boxed& a, const U& value) {
    return a.p_ && *a.p_ == value;
  }

 private:
  void assign_from(const T* value) {
    if (!value) p_.reset();
    else if (p_) *p_ = *value;
    else p_ = std::make_unique<T>(*value);
  }

  std::unique_ptr<T> p_;
};

}  // namespace schemactl::ir
