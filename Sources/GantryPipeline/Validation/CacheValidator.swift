import Foundation
import GantryYAML

/// `cache:` (`Entry::Caches`, `Entry::Cache`, `Entry::Key`, `Entry::Files`, `Entry::Prefix`).
enum CacheValidator {
    /// `parent` is the owner's location: `jobs:build`, `default`, or the top level (empty). As in GitLab the
    /// list is `<parent>:caches` and each cache `<parent>:cache`.
    static func validate(_ node: Node, parent: ValidationScope, into diagnostics: inout Diagnostics) {
        let caches = parent.child("caches")
        guard node.mapping != nil || node.sequence != nil else {
            caches.config("can only be a hash or an array", at: node.mark, into: &diagnostics)
            return
        }
        if let items = node.sequence, items.count > KeywordLists.cacheLimit {
            caches.config("no more than \(KeywordLists.cacheLimit) caches can be created",
                          at: items[KeywordLists.cacheLimit].mark, into: &diagnostics)
        }
        let list = node.mapping != nil ? [node] : NodeChecks.flattened(node)
        for cache in list {
            validateCache(cache, scope: parent.child("cache"), into: &diagnostics)
        }
    }

    private static func validateCache(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let map = node.mapping else {
            scope.config("should be a hash", at: node.mark, into: &diagnostics)
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.cacheKeys, scope: scope, into: &diagnostics)
        if let policy = map["policy"], !NodeChecks.isBlank(policy) {
            if let text = policy.string {
                if !isPolicy(text) {
                    scope.error("policy", "should be a variable or one of: pull-push, push, pull", at: policy.mark,
                                into: &diagnostics)
                }
            } else {
                scope.error("policy", "should be a string", at: policy.mark, into: &diagnostics)
            }
        }
        ArtifactsValidator.checkChoice(map, "when", KeywordLists.cacheWhen, scope: scope, into: &diagnostics)
        if let fallback = map["fallback_keys"], !fallback.isNull {
            NodeChecks.checkArrayOfStringsEntry(fallback, scope: scope.child("fallback_keys"), into: &diagnostics)
            if let items = fallback.sequence, items.count > KeywordLists.fallbackKeysLimit {
                // GitLab's own wording, "to" included.
                scope.error("fallback_keys", "has to many entries (maximum \(KeywordLists.fallbackKeysLimit))",
                            at: items[KeywordLists.fallbackKeysLimit].mark, into: &diagnostics)
            }
        }
        if let key = map["key"], !key.isNull {
            validateKey(key, scope: scope.child("key"), into: &diagnostics)
        }
        for flag in ["unprotect", "untracked"] {
            if let value = map[flag], !value.isNull {
                NodeChecks.checkBooleanEntry(value, scope: scope.child(flag), into: &diagnostics)
            }
        }
        if let paths = map["paths"], !paths.isNull {
            NodeChecks.checkArrayOfStringsEntry(paths, scope: scope.child("paths"), into: &diagnostics)
        }
    }

    /// `pull-push|push|pull|\$\w{1,255}*`, unanchored as in GitLab.
    private static func isPolicy(_ text: String) -> Bool {
        if text.hasSubstring("pull") || text.hasSubstring("push") { return true }
        let chars = Array(text)
        for (i, c) in chars.enumerated() where c == "$" && i + 1 < chars.count {
            let next = chars[i + 1]
            if next == "_" || next.isLetter || next.isNumber { return true }
        }
        return false
    }

    /// A string key (no `/`, not `.` or `..`), or `{files | files_commits, prefix}`.
    private static func validateKey(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        if let text = node.string {
            checkKeyText(text, node: node, scope: scope, into: &diagnostics)
            return
        }
        guard let map = node.mapping else {
            diagnostics.error(node.mark, scope.bare("should be a hash, a string or a symbol"))
            return
        }
        NodeChecks.checkAllowedKeys(map, KeywordLists.cacheKeyKeys, scope: scope, into: &diagnostics)
        if (map.contains("files") ? 1 : 0) + (map.contains("files_commits") ? 1 : 0) != 1 {
            scope.config("must use exactly one of these keys: files, files_commits", at: node.mark, into: &diagnostics)
        }
        for key in ["files", "files_commits"] {
            guard let files = map[key], !files.isNull else { continue }
            let filesScope = scope.child(key)
            if !NodeChecks.isArrayOfStrings(files) {
                filesScope.config("should be an array of strings", at: files.mark, into: &diagnostics)
            }
            if let items = files.sequence {
                if items.isEmpty {
                    filesScope.config("requires at least 1 item", at: files.mark, into: &diagnostics)
                } else if items.count > KeywordLists.cacheKeyFilesLimit {
                    filesScope.config("has too many items (maximum is \(KeywordLists.cacheKeyFilesLimit))",
                                      at: items[KeywordLists.cacheKeyFilesLimit].mark, into: &diagnostics)
                }
            }
        }
        if let prefix = map["prefix"], !prefix.isNull {
            let prefixScope = scope.child("prefix")
            if let text = prefix.string {
                checkKeyText(text, node: prefix, scope: prefixScope, into: &diagnostics)
            } else {
                prefixScope.config("should be a string or symbol", at: prefix.mark, into: &diagnostics)
            }
        }
    }

    /// `KeyValidator#validate_path`, on the URL-decoded text.
    private static func checkKeyText(_ text: String, node: Node, scope: ValidationScope,
                                     into diagnostics: inout Diagnostics) {
        // GitLab URL-decodes the key first; most keys have nothing to decode.
        let encoded = text.utf8.contains(UInt8(ascii: "%")) || text.utf8.contains(UInt8(ascii: "+"))
        let path = encoded ? (text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text) : text
        if path.hasSubstring("/") {
            scope.config("cannot contain the \"/\" character", at: node.mark, into: &diagnostics)
        } else if path == "." || path == ".." {
            scope.config("cannot be \".\" or \"..\"", at: node.mark, into: &diagnostics)
        }
    }
}
