// ir::Privilege and ir::Acl: the privileges granted on one object or column.
//
// Almost every object of a schema, and every column, carries an ACL, and almost all of them are
// empty (the owner's own privileges are not listed). As a std::set an empty ACL still costs 48
// bytes: 2 MB over the 45,000 columns of a 5,000-table schema. ir::Acl is one pointer, null when
// empty, to a sorted vector: the set interface the code uses (insert, erase, count, ordered
// iteration, ==) over a layout that costs nothing when unused.
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace schemactl::ir {

// One privilege held by one grantee ("PUBLIC" for public) on an object, or on a column.
// Privileges are stored as the effective ACL minus the owner's own entries, after applying the
// object kind's defaults (PUBLIC has EXECUTE on functions and USAGE on types by default).
struct Privilege {
  std::string grantee;    // role name, or "PUBLIC"
  std::string privilege;  // SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER,
                          // USAGE, CREATE, EXECUTE, ...
  bool grantable = false; // WITH GRANT OPTION
  auto operator<=>(const Privilege&) const = default;
  bool operator==(const Privilege&) const = default;
};

// A set of privileges, ordered as std::set<Privilege> orders them. Elements are immutable in
// place (iterators are const) so that the order always holds.
class Acl {
 public:
  using value_type = Privilege;
  using const_iterator = std::vector<Privilege>::const_iterator;
  using iterator = const_iterator;

  Acl() noexcept = default;
  Acl(std::initializer_list<Privilege> privileges) {
    for (const auto& p : privileges) insert(p);
  }
  Acl(const Acl& other) : p_(other.empty() ? nullptr : std::make_unique<std::vector<Privilege>>(*other.p_)) {}
  Acl(Acl&&) noexcept = default;
  Acl& operator=(const Acl& other) {
    if (this != &other) p_ = other.empty() ? nullptr : std::make_unique<std::vector<Privilege>>(*other.p_);
    return *this;
  }
  Acl& operator=(Acl&&) noexcept = default;

  bool empty() const noexcept { return !p_; }  // an emptied vector is released: null iff empty
  size_t size() const noexcept { return p_ ? p_->size() : 0; }
  const_iterator begin() const noexcept { return p_ ? p_->cbegin() : const_iterator(); }
  const_iterator end() const noexcept { return p_ ? p_->cend() : const_iterator(); }

  std::pair<iterator, bool> insert(Privilege privilege) {
    if (!p_) p_ = std::make_unique<std::vector<Privilege>>();
    auto at = std::lower_bound(p_->begin(), p_->end(), privilege);
    if (at != p_->end() && *at == privilege) return {at, false};
    return {p_->insert(at, std::move(privilege)), true};
  }
  size_t count(const Privilege& privilege) const {
    return p_ && std::binary_search(p_->begin(), p_->end(), privilege) ? 1 : 0;
  }
  bool contains(const Privilege& privilege) const { return count(privilege) > 0; }
  size_t erase(const Privilege& privilege) {
    if (!p_) return 0;
    auto at = std::lower_bound(p_->begin(), p_->end(), privilege);
    if (at == p_->end() || *at != privilege) return 0;
    erase(at);
    return 1;
  }
  // Returns the iterator after the erased element (end() when the ACL became empty).
  iterator erase(iterator at) {
    auto next = p_->erase(at);
    if (p_->empty()) {
      p_.reset();
      return end();
    }
    return next;
  }
  template <typename Predicate>
  size_t erase_if(Predicate predicate) {
    if (!p_) return 0;
    size_t removed = std::erase_if(*p_, predicate);
    if (p_->empty()) p_.reset();
    return removed;
  }
  void clear() noexcept { p_.reset(); }

  friend bool operator==(const Acl& a, const Acl& b) {
    if (a.empty() || b.empty()) return a.empty() && b.empty();
    return *a.p_ == *b.p_;
  }

 private:
  std::unique_ptr<std::vector<Privilege>> p_;  // sorted, unique; null when empty
};

}  // namespace schemactl::ir
