import GantrySuggestion
import GantryYAML

/// Explains top-level entries that GitLab can only call broken jobs but that are really job
/// keywords or variables whose indentation was lost (YAML copied from a web page), or keywords
/// whose underscores were eaten (`beforescript`).
struct LayoutHint {
    let root: Mapping

    /// Keywords a top-level key may be mistaken for.
    private static let keywords: Set<String> = KeywordLists.jobKeys.union(ConfigLoader.reservedKeys)

    func hint(for key: String) -> String? {
        guard let index = root.entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = root.entries[index]
        var parts: [String] = []
        if entry.value.isNull, let next = root.entries.dropFirst(index + 1).first,
           next.keyMark.column == entry.keyMark.column, looksLikeContent(next.key, under: key) {
            parts.append("`\(key):` is empty and the keys after it (`\(next.key):` at line \(next.keyMark.line) on) sit at the same indentation; indent them under `\(key):` if they belong to it")
        } else if let owner = emptyOwner(before: index), looksLikeContent(key, under: owner.key) {
            parts.append("`\(key)` looks like it belongs under `\(owner.key):` (line \(owner.keyMark.line)), which is empty here: the indentation seems lost")
        } else if KeywordLists.jobKeys.contains(key) {
            parts.append("`\(key)` is a job keyword; put it inside a job")
        }
        if let keyword = nearKeyword(key) {
            parts.append("`\(key)` is not a keyword: did you mean `\(keyword)`?")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The closest earlier top-level key with no value, if nothing but flat keys stand between.
    private func emptyOwner(before index: Int) -> Mapping.Entry? {
        for entry in root.entries[..<index].reversed() {
            if entry.value.isNull { return entry }
            if entry.value.mapping != nil { return nil }
        }
        return nil
    }

    /// Whether `key` reads like an entry of `owner`: a job keyword under a job, a variable name under `variables`.
    private func looksLikeContent(_ key: String, under owner: String) -> Bool {
        if owner == "variables" { return key.uppercased() == key && key.first?.isLetter == true }
        if owner == "artifacts" || owner == "cache" { return KeywordLists.artifactsKeys.contains(key) || KeywordLists.cacheKeys.contains(key) }
        return KeywordLists.jobKeys.contains(key) || nearKeyword(key) != nil
    }

    /// The keyword `key` was probably meant to be (eaten underscores, a typo).
    private func nearKeyword(_ key: String) -> String? {
        guard !Self.keywords.contains(key) else { return nil }
        return Suggestion.closest(to: key, among: Self.keywords.sorted())
    }
}
