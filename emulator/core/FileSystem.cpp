#include "FileSystem.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace tokenbridge::vtoken
{

namespace
{

    nlohmann::json nodeToJson(const FileNode& node)
    {
        nlohmann::json j { { "fid", node.fid }, { "type", node.isDf() ? "df" : "ef" },
            { "read", node.readAccess }, { "write", node.writeAccess } };
        if (node.isDf()) {
            auto children = nlohmann::json::array();
            for (const auto& child : node.children) {
                children.push_back(nodeToJson(child));
            }
            j["children"] = std::move(children);
        } else {
            j["data"] = toHexUpper(node.data);
        }
        return j;
    }

    FileNode nodeFromJson(const nlohmann::json& j)
    {
        FileNode node;
        node.fid = j.at("fid").get<uint16_t>();
        const auto type = j.at("type").get<std::string>();
        if (type != "df" && type != "ef") {
            throw std::runtime_error("bad file type in state");
        }
        node.type = type == "df" ? FileType::Df : FileType::Ef;
        node.readAccess = j.at("read").get<uint8_t>();
        node.writeAccess = j.at("write").get<uint8_t>();
        if (node.isDf()) {
            for (const auto& child : j.at("children")) {
                node.children.push_back(nodeFromJson(child));
            }
        } else {
            node.data = fromHex(j.at("data").get<std::string>());
        }
        return node;
    }

} // namespace

FileNode* FileNode::child(uint16_t id)
{
    for (auto& c : children) {
        if (c.fid == id) {
            return &c;
        }
    }
    return nullptr;
}

const FileNode* FileNode::child(uint16_t id) const
{
    return const_cast<FileNode*>(this)->child(id);
}

uint32_t FileNode::footprint() const
{
    uint32_t total = FileSystem::FILE_OVERHEAD + static_cast<uint32_t>(data.size());
    for (const auto& c : children) {
        total += c.footprint();
    }
    return total;
}

FileSystem::FileSystem()
{
    _root.fid = MF_FID;
    _root.type = FileType::Df;
    _root.readAccess = AC_ALWAYS;
    _root.writeAccess = AC_NEVER; // the MF cannot be deleted
}

FileNode* FileSystem::find(const FilePath& path)
{
    FileNode* node = &_root;
    for (uint16_t id : path) {
        if (!node->isDf() || (node = node->child(id)) == nullptr) {
            return nullptr;
        }
    }
    return node;
}

const FileNode* FileSystem::find(const FilePath& path) const
{
    return const_cast<FileSystem*>(this)->find(path);
}

nlohmann::json FileSystem::toJson() const
{
    return nodeToJson(_root);
}

FileSystem FileSystem::fromJson(const nlohmann::json& json)
{
    FileSystem fs;
    fs._root = nodeFromJson(json);
    if (fs._root.fid != MF_FID || !fs._root.isDf()) {
        throw std::runtime_error("state has no MF");
    }
    return fs;
}

} // namespace tokenbridge::vtoken
