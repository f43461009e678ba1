#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tokenbridge::vtoken
{

inline constexpr uint16_t MF_FID = 0x3F00;

// Access condition bytes of CREATE FILE tag 86 (docs/vtoken.md).
inline constexpr uint8_t AC_ALWAYS = 0x00;
inline constexpr uint8_t AC_ADMIN = 0x01;
inline constexpr uint8_t AC_USER = 0x02;
inline constexpr uint8_t AC_NEVER = 0xFF;

enum class FileType : uint8_t { Ef = 0x01, Df = 0x38 };

struct FileNode
{
    uint16_t fid = 0;
    FileType type = FileType::Ef;
    uint8_t readAccess = AC_ALWAYS;
    uint8_t writeAccess = AC_USER;
    Bytes data; // EF contents; its size is the file size
    std::vector<FileNode> children; // DF only

    bool isDf() const { return type == FileType::Df; }
    FileNode* child(uint16_t id);
    const FileNode* child(uint16_t id) const;
    // Bytes the node and its subtree take from the card's memory.
    uint32_t footprint() const;
};

// A DF path from the MF, the MF itself excluded (empty path = MF).
using FilePath = std::vector<uint16_t>;

// The card's file tree, rooted at the MF.
class FileSystem
{
public:
    // Per-file bookkeeping charged against the card's memory.
    static constexpr uint32_t FILE_OVERHEAD = 32;

    FileSystem();

    FileNode& root() { return _root; }
    const FileNode& root() const { return _root; }
    // nullptr when a path element is missing.
    FileNode* find(const FilePath& path);
    const FileNode* find(const FilePath& path) const;
    uint32_t usedMemory() const { return _root.footprint(); }

    nlohmann::json toJson() const;
    static FileSystem fromJson(const nlohmann::json& json);

private:
    FileNode _root;
};

} // namespace tokenbridge::vtoken
