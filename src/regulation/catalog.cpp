#include "regulation/catalog.hpp"

#include <set>

namespace otklik::regulation {

void RegulationCatalog::Add(std::string file, core::Result<Regulation> loaded) {
    CatalogEntry entry;
    entry.file = std::move(file);
    if (!loaded) {
        entry.error = loaded.error().message;
    } else if (Find(loaded->id, loaded->version)) {
        entry.error = entry.file + ":1: регламент " + loaded->id + " версии " +
                      std::to_string(loaded->version) + " уже загружен из другого файла";
    } else {
        entry.regulation = std::move(*loaded);
    }
    entries_.push_back(std::move(entry));
}

std::string RegulationCatalog::DefaultRegulation() const {
    std::set<std::string, std::less<>> ids;
    for (const auto& entry : entries_) {
        if (!entry.regulation) continue;
        if (entry.regulation->is_default) return entry.regulation->id;
        ids.insert(entry.regulation->id);
    }
    return ids.size() == 1 ? *ids.begin() : std::string();
}

bool RegulationCatalog::HasRegulations() const {
    for (const auto& entry : entries_) {
        if (entry.regulation) return true;
    }
    return false;
}

const Regulation* RegulationCatalog::InForce(std::string_view id,
                                             std::chrono::year_month_day day) const {
    const Regulation* best = nullptr;
    for (const auto& entry : entries_) {
        const auto& r = entry.regulation;
        if (r && r->id == id && r->InForceOn(day) && (!best || r->version > best->version)) {
            best = &*r;
        }
    }
    return best;
}

const Regulation* RegulationCatalog::Find(std::string_view id, int version) const {
    for (const auto& entry : entries_) {
        if (entry.regulation && entry.regulation->id == id &&
            entry.regulation->version == version) {
            return &*entry.regulation;
        }
    }
    return nullptr;
}

const Regulation* RegulationCatalog::Latest(std::string_view id) const {
    const Regulation* best = nullptr;
    for (const auto& entry : entries_) {
        const auto& r = entry.regulation;
        if (r && r->id == id && (!best || r->version > best->version)) best = &*r;
    }
    return best;
}

std::vector<const Regulation*> RegulationCatalog::All() const {
    std::vector<const Regulation*> all;
    for (const auto& entry : entries_) {
        if (entry.regulation) all.push_back(&*entry.regulation);
    }
    return all;
}

}  // namespace otklik::regulation
