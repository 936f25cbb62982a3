#include "compiler/lower/name_set.hpp"

#include <cstring>
#include <functional>
#include <stdexcept>

namespace schemactl::lower {

namespace {

uint32_t hash_of(std::string_view key) { return static_cast<uint32_t>(std::hash<std::string_view>{}(key)); }

}  // namespace

std::string_view NameSet::key(std::string_view schema, std::string_view name) const {
  scratch_.assign(schema);
  scratch_ += '\0';  // cannot occur in a name: "a" + "b.c" and "a.b" + "c" stay apart
  scratch_ += name;
  return scratch_;
}

std::string_view NameSet::stored(uint32_t ref) const {
  const char* at = blocks_[ref >> kBlockBits].get() + (ref & (kBlockSize - 1));
  uint16_t length = 0;
  std::memcpy(&length, at, sizeof length);
  return {at + sizeof length, length};
}

uint32_t NameSet::store(std::string_view key) {
  // PostgreSQL names are at most 63 bytes, so a key is at most 127; the check guards the format.
  if (key.size() > 0xFFFF) throw std::length_error("NameSet: name too long");
  size_t need = sizeof(uint16_t) + key.size();
  if (block_used_ + need > kBlockSize) {
    // Refs of the last block could meet the sentinels; 4 GB of names is far beyond any schema.
    if (blocks_.size() + 1 >= (size_t{1} << (32 - kBlockBits))) throw std::length_error("NameSet: too many names");
    blocks_.push_back(std::make_unique<char[]>(kBlockSize));
    block_used_ = 0;
  }
  char* at = blocks_.back().get() + block_used_;
  auto length = static_cast<uint16_t>(key.size());
  std::memcpy(at, &length, sizeof length);
  std::memcpy(at + sizeof length, key.data(), key.size());
  auto ref = static_cast<uint32_t>(((blocks_.size() - 1) << kBlockBits) | block_used_);
  block_used_ += need;
  return ref;
}

size_t NameSet::find(std::string_view key, uint32_t hash, size_t* erased) const {
  size_t mask = slots_.size() - 1;
  if (erased) *erased = kNoSlot;
  // Linear probing: the table is never more than 3/4 full, so an empty slot ends every search.
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.ref == kEmpty) return i;
    if (slot.ref == kErased) {
      if (erased && *erased == kNoSlot) *erased = i;
      continue;
    }
    if (slot.hash == hash && stored(slot.ref) == key) return i;
  }
}

void NameSet::grow() {
  std::vector<Slot> old = std::move(slots_);
  // Tombstones are dropped on the way, so a table full of them is rebuilt at the same size.
  size_t live = 0;
  for (const Slot& slot : old) live += slot.ref < kErased;
  size_t size = 64;
  while (size < (live + 1) * 2) size *= 2;  // at most half full after the rebuild: growth doubles
  slots_.assign(size, Slot{});
  used_ = live;
  for (const Slot& slot : old) {
    if (slot.ref >= kErased) continue;
    for (size_t i = slot.hash & (size - 1);; i = (i + 1) & (size - 1)) {
      if (slots_[i].ref == kEmpty) {
        slots_[i] = slot;
        break;
      }
    }
  }
}

bool NameSet::contains(std::string_view schema, std::string_view name) const {
  if (slots_.empty()) return false;
  std::string_view k = key(schema, name);
  return slots_[find(k, hash_of(k), nullptr)].ref != kEmpty;
}

void NameSet::insert(std::string_view schema, std::string_view name) {
  if ((used_ + 1) * 4 > slots_.size() * 3) grow();
  std::string_view k = key(schema, name);
  uint32_t hash = hash_of(k);
  size_t erased = kNoSlot;
  size_t i = find(k, hash, &erased);
  if (slots_[i].ref != kEmpty) return;  // already taken
  if (erased != kNoSlot) i = erased;      // reuse a tombstone: used_ does not change
  else ++used_;
  slots_[i] = Slot{store(k), hash};
}

void NameSet::erase(std::string_view schema, std::string_view name) {
  if (slots_.empty()) return;
  std::string_view k = key(schema, name);
  size_t i = find(k, hash_of(k), nullptr);
  if (slots_[i].ref != kEmpty) slots_[i].ref = kErased;
}

}  // namespace schemactl::lower
