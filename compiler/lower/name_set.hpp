// The names taken in one namespace of a compile (relations, constraints), per schema.
//
// PostgreSQL picks the names of unnamed objects against the names already taken, so the
// compiler keeps every name it has claimed: tens of thousands in a big schema, alive for the
// whole lowering beside the IR being built. Node-based sets cost a node, a string and bucket
// arrays per name (std::unordered_set over an arena measured ~5 MB for the 45,000 names of a
// 5,000-table schema, a tenth of the compile's peak). Here the set is one open-addressing table
// of 8-byte slots (a reference to the characters and the hash) and the characters sit in
// fixed-size blocks, written once: ~2 MB for the same names. A released name leaves a tombstone
// in its slot; its bytes stay in the blocks until the set is destroyed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace schemactl::lower {

class NameSet {
 public:
  NameSet() = default;
  NameSet(const NameSet&) = delete;
  NameSet& operator=(const NameSet&) = delete;

  bool contains(std::string_view schema, std::string_view name) const;
  void insert(std::string_view schema, std::string_view name);
  void erase(std::string_view schema, std::string_view name);

 private:
  // A slot refers to a stored key by its position in the blocks: block index in the high bits,
  // offset in the block in the low kBlockBits. kEmpty and kErased are never positions: store()
  // stops before the last block index, whose refs could meet them.
  struct Slot {
    uint32_t ref = kEmpty;
    uint32_t hash = 0;
  };
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr uint32_t kErased = 0xFFFFFFFEu;
  static constexpr size_t kNoSlot = static_cast<size_t>(-1);
  static constexpr unsigned kBlockBits = 16;
  static constexpr size_t kBlockSize = size_t{1} << kBlockBits;  // 64 KB of characters

  // "schema\0name", built in a reused buffer (valid until the next call).
  std::string_view key(std::string_view schema, std::string_view name) const;
  // The slot holding `key`, or the first empty slot of its probe sequence; `erased` receives the
  // first tombstone met on the way (kNoSlot when none), where an insert may reuse a slot.
  size_t find(std::string_view key, uint32_t hash, size_t* erased) const;
  std::string_view stored(uint32_t ref) const;
  uint32_t store(std::string_view key);
  void grow();

  mutable std::string scratch_;
  std::vector<Slot> slots_;  // size 0 or a power of two
  size_t used_ = 0;          // live names plus tombstones: what lengthens probe sequences
  // Stored keys, each as a 2-byte length and its bytes; a key never spans two blocks.
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = kBlockSize;  // bytes used in the last block (full before the first)
};

}  // namespace schemactl::lower
